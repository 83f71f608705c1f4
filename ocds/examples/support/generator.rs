//! A deterministic generator of OCDS compiled releases shaped like Chinese government
//! procurement: a buyer (a 常州 budget unit) and a procuring entity (the procurement center or an
//! agency), a method (公开招标, 邀请招标, 竞争性谈判, 竞争性磋商, 询价, 单一来源) with its OCDS
//! `procurementMethod`, a budget in CNY, a tender period, bids by suppliers identified by their
//! unified social credit code, and an award with items classified by 品目 code. About one
//! release in six has disqualified bids, a few are cancelled or have bids after the deadline or
//! identical prices, so every indicator has something to find. Same seed, same file.

use std::io::Write;

/// SplitMix64 (Steele, Lea, Flood 2014).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const DISTRICTS: [&str; 7] = [
    "常州市",
    "天宁区",
    "钟楼区",
    "新北区",
    "武进区",
    "金坛区",
    "溧阳市",
];
const UNITS: [&str; 10] = [
    "教育局",
    "卫生健康委员会",
    "公安局",
    "交通运输局",
    "住房和城乡建设局",
    "民政局",
    "第一人民医院",
    "实验小学",
    "市场监督管理局",
    "城市管理局",
];
const AGENCIES: [&str; 5] = [
    "常州市政府采购中心",
    "江苏天宁招标代理有限公司",
    "常州市建设工程招标有限公司",
    "江苏中诚工程咨询有限公司",
    "常州国际招标有限公司",
];
const FIRMS: [&str; 8] = [
    "科技",
    "信息技术",
    "建设工程",
    "医疗器械",
    "办公设备",
    "物业管理",
    "环境工程",
    "软件",
];
/// (品目 code, name)
const ITEMS: [(&str, &str); 10] = [
    ("A02010104", "台式计算机"),
    ("A02010105", "便携式计算机"),
    ("A02021001", "激光打印机"),
    ("A03010201", "办公桌椅"),
    ("A02320101", "医用超声诊断仪器"),
    ("B01010000", "办公用房施工"),
    ("B07000000", "装修工程"),
    ("C02010000", "物业管理服务"),
    ("C01020000", "软件开发服务"),
    ("C23090000", "保安服务"),
];
/// (details, procurementMethod)
const METHODS: [(&str, &str); 6] = [
    ("公开招标", "open"),
    ("公开招标", "open"),
    ("邀请招标", "selective"),
    ("竞争性谈判", "limited"),
    ("竞争性磋商", "limited"),
    ("询价", "limited"),
];

fn credit_code(kind: &str, n: u64) -> String {
    format!("{kind}320400MA{n:07}X")
}

/// Writes `n` releases, one a line.
pub fn write_releases(out: &mut impl Write, n: usize, seed: u64) -> std::io::Result<()> {
    let mut r = Rng::new(seed);
    let mut line = String::with_capacity(4096);
    for i in 0..n {
        line.clear();
        let year = 2019 + r.below(7);
        let month = 1 + r.below(12);
        let day = 1 + r.below(2);
        let (details, method) = if r.below(12) == 0 {
            ("单一来源", "direct")
        } else {
            METHODS[r.below(METHODS.len() as u64) as usize]
        };
        let district = r.pick(&DISTRICTS);
        let unit = r.pick(&UNITS);
        let buyer = r.below(300);
        let agency = r.below(AGENCIES.len() as u64) as usize;
        let kind = r.below(ITEMS.len() as u64);
        let (code, item) = ITEMS[kind as usize];
        let budget = (5 + r.below(400)) * 10_000;
        // Legal minimums: 20 days for tenders, 10 for 磋商, 3 (working) days otherwise; a few
        // tenders are shorter.
        let days = match (details, r.below(20)) {
            ("公开招标" | "邀请招标", 0) => 10 + r.below(10),
            ("公开招标" | "邀请招标", _) => 20 + r.below(7),
            ("竞争性磋商", _) => 10 + r.below(10),
            _ => 3 + r.below(12),
        };
        let end = day + days;
        let status = if r.below(50) == 0 {
            "cancelled"
        } else {
            "complete"
        };
        let bidders = if method == "direct" {
            1
        } else {
            1 + r.below(4)
        };
        let ocid = format!("ocds-zgcz01-CZCG{year}-{i:07}");
        line.push_str(&format!(
            r#"{{"ocid":"{ocid}","date":"{year}-{month:02}-{:02}T10:00:00+08:00","buyer":{{"id":"{}","name":"{district}{unit}"}},"tender":{{"id":"CZCG{year}-{i:07}","title":"{district}{unit}{year}年{item}采购项目","status":"{status}","procurementMethod":"{method}","procurementMethodDetails":"{details}","value":{{"amount":{budget},"currency":"CNY"}},"numberOfTenderers":{bidders},"procuringEntity":{{"id":"{}","name":"{}"}},"tenderPeriod":{{"startDate":"{year}-{month:02}-{day:02}T09:00:00+08:00","endDate":"{year}-{month:02}-{end:02}T09:30:00+08:00"}}}}"#,
            end + 2,
            credit_code("12", buyer),
            credit_code("91", 10_000 + agency as u64),
            AGENCIES[agency],
        ));
        // Bids: the winner bids lowest (now and then far below the others); most suppliers
        // keep to their line of business.
        let winner = r.below(bidders) as usize;
        let winning = budget * (if r.below(40) == 0 { 50 } else { 80 } + r.below(15)) / 100;
        let mut bids = Vec::new();
        let mut winner_id = String::new();
        for b in 0..bidders as usize {
            let supplier = if r.below(10) == 0 {
                r.below(800)
            } else {
                kind + 10 * r.below(80)
            };
            let id = credit_code("91", supplier);
            // Now and then a lower bid that was disqualified.
            let undercut = b != winner && r.below(30) == 0;
            let amount = if b == winner {
                winning
            } else if undercut {
                winning * 95 / 100
            } else if r.below(40) == 0 {
                budget * 97 / 100 // identical prices, sometimes
            } else if r.below(20) == 0 {
                winning + winning / 1000 // very close to the winner
            } else {
                winning + winning * (5 + r.below(200)) / 1000
            };
            let bid_status = if undercut || (b != winner && r.below(6) == 0) {
                "disqualified"
            } else {
                "valid"
            };
            let late = r.below(200) == 0;
            let bid_day = end - u64::from(!late);
            if b == winner {
                winner_id = id.clone();
            }
            bids.push(format!(
                r#"{{"id":"{}","status":"{bid_status}","date":"{year}-{month:02}-{bid_day:02}T15:00:00+08:00","value":{{"amount":{amount},"currency":"CNY"}},"tenderers":[{{"id":"{id}","name":"常州{}{}有限公司"}}]}}"#,
                b + 1,
                FIRMS[(supplier % 8) as usize],
                ["", "一", "二", "三"][(supplier % 4) as usize],
            ));
        }
        line.push_str(r#","bids":{"details":["#);
        line.push_str(&bids.join(","));
        let award_status = if r.below(30) == 0 {
            "unsuccessful"
        } else {
            "active"
        };
        line.push_str(&format!(
            r#"]}},"awards":[{{"id":"{i}-1","status":"{award_status}","date":"{year}-{month:02}-{:02}T10:00:00+08:00","suppliers":[{{"id":"{winner_id}"}}],"items":[{{"id":"1","description":"{item}","classification":{{"scheme":"品目","id":"{code}"}},"quantity":{}}}]}}]}}"#,
            end + 1,
            1 + r.below(50),
        ));
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
