// Included by `shared/build.rs` and by `calendar::data`: one list of holiday names.
/// Canonical (zh, en) names; the left column lists every spelling found in the source files.
pub(crate) const NAME_MAP: &[(&str, &str, &str)] = &[
    ("元旦", "元旦", "New Year's Day"),
    ("农历除夕", "春节", "Spring Festival"),
    (
        "中秋节; 国庆节",
        "中秋节、国庆节",
        "Mid-Autumn Festival and National Day",
    ),
    ("春节", "春节", "Spring Festival"),
    ("清明节", "清明节", "Qingming Festival"),
    ("劳动节", "劳动节", "Labour Day"),
    ("“五一”", "劳动节", "Labour Day"),
    ("“五一”国际劳动节", "劳动节", "Labour Day"),
    ("端午节", "端午节", "Dragon Boat Festival"),
    ("中秋节", "中秋节", "Mid-Autumn Festival"),
    ("国庆节", "国庆节", "National Day"),
    ("“十一”", "国庆节", "National Day"),
    (
        "国庆节、中秋节",
        "国庆节、中秋节",
        "National Day and Mid-Autumn Festival",
    ),
    (
        "中秋节、国庆节",
        "中秋节、国庆节",
        "Mid-Autumn Festival and National Day",
    ),
    (
        "抗日战争暨世界反法西斯战争胜利70周年纪念日",
        "抗战胜利70周年纪念日",
        "70th anniversary of the victory of the War of Resistance against Japanese Aggression",
    ),
];
