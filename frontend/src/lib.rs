//! The browser entry point: hydrates the islands (interactive parts) of the pages the server
//! rendered.

use wasm_bindgen::prelude::wasm_bindgen;

// The islands are `#[wasm_bindgen]` exports of the `app` crate: nothing here calls them (the
// hydration script finds them by name), so name the crate to have it linked.
extern crate app;

/// Called by Leptos' hydration script once the module is loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::session::install_page_calendar();
    leptos::mount::hydrate_islands();
}

/// Runs the supplier-form validation `iterations` times on a valid form and returns the
/// milliseconds it took in this browser (for BENCHMARKS.md; called by the browser tests).
#[wasm_bindgen]
pub fn bench_validate(iterations: u32) -> f64 {
    let form = shared::supplier::SupplierForm {
        name: "常州市天宁区示例科技有限公司".into(),
        credit_code: "914403001922038216".into(),
        legal_rep: "张三".into(),
        contact_person: "李四".into(),
        phone: "13812345678".into(),
        email: "info@example.cn".into(),
        region: "320402".into(),
        address: "常州市天宁区青洋北路1号".into(),
        size: "small".into(),
        categories: vec![shared::supplier::CATEGORIES[0].code.into()],
        ..shared::supplier::SupplierForm::default()
    };
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    };
    let start = now();
    let mut ok = 0u32;
    for _ in 0..iterations {
        if shared::supplier::validate_supplier(std::hint::black_box(&form)).is_ok() {
            ok += 1;
        }
    }
    std::hint::black_box(ok);
    now() - start
}
