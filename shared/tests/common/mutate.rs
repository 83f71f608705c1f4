//! Structure-aware mutation of JSON documents and text for the fuzz properties (issue 8).
//! Driven by a seed through `shared::panel::SplitMix64`, so a failing case is reproduced from its
//! seed alone. Also used by `ocds/tests/properties.rs` (included by path).

#![allow(dead_code)]

use serde_json::{Map, Number, Value};
use shared::panel::SplitMix64;

/// A seeded source of choices.
pub struct Rng(SplitMix64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(SplitMix64::new(seed))
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.0.below(n as u64) as usize
        }
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Awkward characters: NUL, controls, bidi and zero-width marks, full-width letters, CJK,
/// astral characters, the replacement character, noncharacters.
const ODD_CHARS: &[char] = &[
    '\0',
    '\u{1}',
    '\t',
    '\n',
    '\r',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{ad}',
    '\u{200b}',
    '\u{200e}',
    '\u{202e}',
    '\u{2028}',
    '\u{3000}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10ffff}',
    '\u{1f600}',
    'Ａ',
    '９',
    '￥',
    '，',
    '。',
    '中',
    '常',
    'ß',
    'İ',
    'ﬁ',
    '"',
    '\\',
    '/',
    '-',
    ':',
    '.',
    ',',
    'T',
    'Z',
    '+',
    'e',
    'E',
    '0',
    '9',
    ' ',
];

/// Strings that parsers in this project treat specially.
const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "9223372036854775808",
    "NaN",
    "null",
    "2024-02-29",
    "2023-02-29",
    "0000-00-00",
    "9999-12-31",
    "2024-05-01T09:30:00+08:00",
    "2024-05-01T24:00",
    "2024-05-01T23:59:60Z",
    "2024-05-01 09:30:00.123456789-23:59",
    "91440300708461136T",
    "91440300708461136t",
    "９１４４０３００７０８４６１１３６Ｔ",
    "1,234.56",
    "¥0.07",
    "99999999999999999.99",
    "public_tender",
    "single_source",
    "goods",
    "A02010105",
    "valid",
    "active",
    "CNY",
    "open",
    "a\u{0}b",
    "\u{202e}evil",
    "常州市天宁区教育局",
];

/// Numbers at the edges of i64, u64 and f64.
fn odd_number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::from(0),
        1 => Value::from(-1),
        2 => Value::from(i64::MAX),
        3 => Value::from(i64::MIN),
        4 => Value::from(u64::MAX),
        5 => Value::from(0.5),
        6 => Value::from(-0.0),
        7 => Number::from_f64(1e308).map_or(Value::Null, Value::Number),
        8 => Number::from_f64(f64::MIN_POSITIVE).map_or(Value::Null, Value::Number),
        9 => Value::from(rng.u64() as i64),
        10 => Value::from((rng.u64() % 100_000_000) as i64),
        _ => Value::from(i64::from(i32::MAX) + 1),
    }
}

/// A short string of random characters, awkward ones included.
pub fn odd_text(rng: &mut Rng, max: usize) -> String {
    let n = rng.below(max + 1);
    let mut s = String::new();
    for _ in 0..n {
        if rng.chance(3) {
            s.push(*rng.pick(ODD_CHARS));
        } else if rng.chance(2) {
            s.push(char::from(b' ' + rng.below(95) as u8));
        } else {
            s.push(char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}'));
        }
    }
    s
}

/// A random JSON value, at most `depth` levels deep.
pub fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let k = if depth == 0 {
        rng.below(5)
    } else {
        rng.below(7)
    };
    match k {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => odd_number(rng),
        3 => Value::String((*rng.pick(ODD_STRINGS)).to_owned()),
        4 => Value::String(odd_text(rng, 24)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                m.insert(odd_text(rng, 8), random_value(rng, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// All paths to nodes (object keys and array indices), depth-first.
fn paths(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                prefix.push(Step::Key(k.clone()));
                paths(c, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(c, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.as_object_mut()?.get_mut(k)?,
            Step::Index(i) => cur.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn node<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.as_object()?.get(k)?,
            Step::Index(i) => cur.as_array()?.get(*i)?,
        };
    }
    Some(cur)
}

/// Applies one to four structural mutations: delete a member or element, replace a value by a
/// random one, retype it (number ↔ string, object ↔ array, scalar → container), duplicate an
/// element, add an unknown member, or copy another node of the document over it.
pub fn mutate_value(doc: &mut Value, rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        let mut all = Vec::new();
        paths(doc, &mut Vec::new(), &mut all);
        let path = rng.pick(&all).clone();
        let donor = node(doc, &rng.pick(&all).clone()).cloned();
        let op = rng.below(9);
        if op == 0 && !path.is_empty() {
            // Delete the node from its parent.
            let (last, parent) = path.split_last().expect("non-empty");
            if let Some(p) = node_mut(doc, parent) {
                match (p, last) {
                    (Value::Object(m), Step::Key(k)) => {
                        m.remove(k);
                    }
                    (Value::Array(a), Step::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
            continue;
        }
        let Some(target) = node_mut(doc, &path) else {
            continue;
        };
        match op {
            1 | 2 => *target = random_value(rng, 2),
            3 => {
                *target = match target.take() {
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::String(s) => match s.parse::<i64>() {
                        Ok(n) => Value::from(n),
                        Err(_) => Value::from(s.chars().count() as i64),
                    },
                    Value::Object(m) => Value::Array(m.into_iter().map(|(_, v)| v).collect()),
                    Value::Array(a) => Value::Object(
                        a.into_iter()
                            .enumerate()
                            .map(|(i, v)| (i.to_string(), v))
                            .collect(),
                    ),
                    Value::Bool(b) => Value::String(b.to_string()),
                    Value::Null => Value::Array(Vec::new()),
                }
            }
            4 => {
                if let Value::Array(a) = target {
                    if !a.is_empty() {
                        let i = rng.below(a.len());
                        let copy = a[i].clone();
                        a.insert(i, copy);
                    }
                } else if let Value::Object(m) = target {
                    m.insert(odd_text(rng, 10), random_value(rng, 1));
                }
            }
            5 => {
                if let Some(d) = donor {
                    *target = d;
                }
            }
            6 => {
                if let Value::String(s) = target {
                    let mut t = s.clone();
                    mutate_text(&mut t, rng);
                    *s = t;
                } else {
                    *target = Value::String(odd_text(rng, 12));
                }
            }
            7 => *target = odd_number(rng),
            _ => {
                if let Value::Object(m) = target {
                    m.insert((*rng.pick(ODD_STRINGS)).to_owned(), random_value(rng, 2));
                } else {
                    *target = Value::String((*rng.pick(ODD_STRINGS)).to_owned());
                }
            }
        }
    }
}

/// Character-level mutations (the result stays valid UTF-8): delete, insert, replace,
/// duplicate a slice, truncate, swap two characters.
pub fn mutate_text(s: &mut String, rng: &mut Rng) {
    for _ in 0..1 + rng.below(3) {
        let mut chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let at = rng.below(n + 1);
        match rng.below(7) {
            0 if n > 0 => {
                let len = 1 + rng.below(8.min(n - at.min(n - 1)));
                let start = at.min(n - 1);
                chars.drain(start..(start + len).min(n));
            }
            1 => chars.insert(at, *rng.pick(ODD_CHARS)),
            2 if n > 0 => chars[at.min(n - 1)] = *rng.pick(ODD_CHARS),
            3 if n > 0 => {
                let start = at.min(n - 1);
                let end = (start + 1 + rng.below(16)).min(n);
                let piece: Vec<char> = chars[start..end].to_vec();
                let to = rng.below(n + 1);
                chars.splice(to..to, piece);
            }
            4 => chars.truncate(at),
            5 if n > 1 => {
                let j = rng.below(n);
                chars.swap(at.min(n - 1), j);
            }
            _ => chars.extend(odd_text(rng, 4).chars()),
        }
        *s = chars.into_iter().collect();
    }
}

/// A mutated document as text: structural mutations, then sometimes text damage, an escaped
/// lone surrogate in a string, a huge number or deep nesting.
pub fn mutated_json_text(seed_doc: &Value, rng: &mut Rng) -> String {
    let mut doc = seed_doc.clone();
    mutate_value(&mut doc, rng);
    let mut text = if rng.chance(2) {
        serde_json::to_string(&doc).unwrap_or_default()
    } else {
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    };
    match rng.below(10) {
        0 => mutate_text(&mut text, rng),
        1 => {
            // Lone surrogates, escaped (a JSON text can carry them; UTF-8 cannot).
            let esc = *rng.pick(&["\\ud800", "\\udfff", "\\ud83d", "\\u0000", "\\uD834\\uDD1E"]);
            if let Some(i) = text.find(":\"") {
                text.insert_str(i + 2, esc);
            }
        }
        2 => {
            let big = *rng.pick(&[
                "1e999999",
                "-1e400",
                "123456789012345678901234567890",
                "-9223372036854775809",
                "18446744073709551616",
                "0.0000000000000000000000000000001e-400",
            ]);
            if let Some(i) = text.find(": ").or_else(|| text.find(':')) {
                let rest = &text[i + 1..];
                let end = rest.find([',', '}', ']']).map_or(text.len(), |e| i + 1 + e);
                text.replace_range(i + 1..end, big);
            }
        }
        3 => {
            let depth = 1 + rng.below(3000);
            let (open, close) = if rng.chance(2) {
                ("[", "]")
            } else {
                ("{\"a\":", "}")
            };
            let deep = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            if let Some(i) = text.find(": ") {
                let rest = &text[i + 2..];
                let end = rest.find([',', '}', ']']).map_or(text.len(), |e| i + 2 + e);
                text.replace_range(i + 2..end, &deep);
            }
        }
        _ => {}
    }
    text
}
