//! The OCDS 1.1 merge: releases of one contracting process into a compiled release (the latest
//! value of each field) and a versioned release (every value with the release that set it), by
//! the rules of the standard's merging specification as implemented by `ocdsmerge`.
//!
//! - Releases are ordered by `date` (stable: equal dates keep their input order).
//! - Each release is flattened into paths. An array of objects is merged by identifier: objects
//!   with the same `id` merge; an object without `id` is always a new entry. An array marked
//!   `wholeListMerge` in the schema, or whose items are not objects, is one value and replaces
//!   the previous one (also when empty). An empty object or identifier-merge array adds nothing.
//!   Fields marked `omitWhenMerged` (`id`, `date`, `tag` of the release) are skipped.
//! - Compiled: later values replace earlier ones; `null` removes a field. The compiled release
//!   has `tag` `["compiled"]`, `id` `{ocid}-{date}` and the `date` of the last release.
//! - Versioned: each path gets a list of `{releaseID, releaseDate, releaseTag, value}`, a new
//!   entry only when the value changes; `ocid` and the `id` of objects in identifier-merge arrays
//!   are not versioned (unless the schema marks the `id` with `versionId`).

use std::collections::HashMap;

use serde_json::{Map, Value};
use thiserror::Error;

/// Why releases could not be merged.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MergeError {
    #[error("release {index}: not a JSON object")]
    NotAnObject { index: usize },
    #[error("release {index}: missing or non-string `{field}`")]
    MissingField { index: usize, field: &'static str },
    #[error("schema: {0}")]
    Schema(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Omit,
    WholeList,
    VersionId,
}

/// The merge rules of a release schema (paths of property names, array levels left out).
#[derive(Debug, Clone, Default)]
pub struct MergeRules {
    rules: HashMap<Vec<String>, Rule>,
}

/// The OCDS 1.1.5 release schema (© Open Contracting Partnership, Apache 2.0; see
/// `schema/LICENSE-standard`).
pub const RELEASE_SCHEMA_1_1_5: &str = include_str!("../schema/release-schema-1.1.5.json");

fn types(v: &Value) -> Vec<&str> {
    match v.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl MergeRules {
    /// The rules of the OCDS 1.1.5 release schema.
    pub fn ocds_1_1() -> Result<MergeRules, MergeError> {
        let schema: Value = serde_json::from_str(RELEASE_SCHEMA_1_1_5)
            .map_err(|e| MergeError::Schema(e.to_string()))?;
        MergeRules::from_schema(&schema)
    }

    /// The rules of a release schema (local `$ref`s are followed).
    pub fn from_schema(schema: &Value) -> Result<MergeRules, MergeError> {
        let mut rules = MergeRules::default();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| MergeError::Schema("no `properties`".into()))?;
        rules.walk(schema, props, &mut Vec::new(), 0)?;
        Ok(rules)
    }

    fn deref<'a>(schema: &'a Value, v: &'a Value, depth: usize) -> Result<&'a Value, MergeError> {
        let mut v = v;
        let mut hops = 0;
        while let Some(r) = v.get("$ref").and_then(Value::as_str) {
            let pointer = r
                .strip_prefix('#')
                .ok_or_else(|| MergeError::Schema(format!("non-local $ref {r}")))?;
            v = schema
                .pointer(pointer)
                .ok_or_else(|| MergeError::Schema(format!("unresolved $ref {r}")))?;
            hops += 1;
            if hops + depth > 64 {
                return Err(MergeError::Schema(format!("$ref cycle at {r}")));
            }
        }
        Ok(v)
    }

    fn walk(
        &mut self,
        schema: &Value,
        props: &Map<String, Value>,
        path: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), MergeError> {
        if depth > 32 {
            return Err(MergeError::Schema(format!(
                "schema nested too deeply at /{}",
                path.join("/")
            )));
        }
        for (key, value) in props {
            let value = Self::deref(schema, value, depth)?;
            path.push(key.clone());
            let t = types(value);
            if value.get("omitWhenMerged").and_then(Value::as_bool) == Some(true)
                || value.get("mergeStrategy").and_then(Value::as_str) == Some("ocdsOmit")
            {
                self.rules.insert(path.clone(), Rule::Omit);
            } else if t.contains(&"array")
                && (value.get("wholeListMerge").and_then(Value::as_bool) == Some(true)
                    || value.get("mergeStrategy").and_then(Value::as_str) == Some("ocdsVersion"))
            {
                self.rules.insert(path.clone(), Rule::WholeList);
            } else if t.contains(&"object") && value.get("properties").is_some() {
                if let Some(p) = value.get("properties").and_then(Value::as_object) {
                    self.walk(schema, p, path, depth + 1)?;
                }
            } else if t.contains(&"array") {
                if let Some(items) = value.get("items") {
                    let items = Self::deref(schema, items, depth)?;
                    let it = types(items);
                    if it.iter().any(|x| *x != "object") {
                        self.rules.insert(path.clone(), Rule::WholeList);
                    } else if it.contains(&"object") {
                        if let Some(p) = items.get("properties").and_then(Value::as_object) {
                            self.walk(schema, p, path, depth + 1)?;
                        }
                    }
                }
            } else if value.get("versionId").and_then(Value::as_bool) == Some(true) {
                self.rules.insert(path.clone(), Rule::VersionId);
            }
            path.pop();
        }
        Ok(())
    }

    fn get(&self, rule_path: &[String]) -> Option<Rule> {
        self.rules.get(rule_path).copied()
    }
}

/// One step of a flattened path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    Key(String),
    /// An object in an identifier-merge array: its `id` (as JSON text), or a unique number
    /// for an object without `id`.
    Item(Ident),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ident {
    Id(String),
    Unique(u64),
}

/// An ordered map of flattened paths (insertion order kept, as the merge's output order).
#[derive(Debug, Default)]
struct Flat<V> {
    order: Vec<Vec<Part>>,
    values: HashMap<Vec<Part>, V>,
    /// The original `id` value of each array item path.
    ids: HashMap<Vec<Part>, Value>,
}

impl<V> Flat<V> {
    fn get(&self, k: &[Part]) -> Option<&V> {
        self.values.get(k)
    }
    fn insert(&mut self, k: Vec<Part>, v: V) {
        if !self.values.contains_key(&k) {
            self.order.push(k.clone());
        }
        self.values.insert(k, v);
    }
}

struct Flattener<'a> {
    rules: &'a MergeRules,
    unique: u64,
}

/// A leaf of a flattened release: its value, and whether it is the identifying `id` of an
/// array item (not versioned).
struct Leaf {
    value: Value,
    identifier: bool,
}

impl Flattener<'_> {
    fn flatten_object(
        &mut self,
        obj: &Map<String, Value>,
        path: &mut Vec<Part>,
        rule_path: &mut Vec<String>,
        in_item: bool,
        out: &mut Vec<(Vec<Part>, Leaf)>,
        ids: &mut Vec<(Vec<Part>, Value)>,
    ) {
        for (key, value) in obj {
            rule_path.push(key.clone());
            path.push(Part::Key(key.clone()));
            let rule = self.rules.get(rule_path);
            if rule == Some(Rule::Omit) {
                // skipped
            } else if rule == Some(Rule::WholeList) {
                out.push((
                    path.clone(),
                    Leaf {
                        value: value.clone(),
                        identifier: false,
                    },
                ));
            } else {
                match value {
                    Value::Object(o) => self.flatten_object(o, path, rule_path, false, out, ids),
                    Value::Array(a) if a.iter().all(Value::is_object) => {
                        for item in a.iter().filter_map(Value::as_object) {
                            let ident = match item.get("id") {
                                Some(id) => Ident::Id(id.to_string()),
                                None => {
                                    self.unique += 1;
                                    Ident::Unique(self.unique)
                                }
                            };
                            path.push(Part::Item(ident));
                            if let Some(id) = item.get("id") {
                                ids.push((path.clone(), id.clone()));
                            }
                            self.flatten_object(item, path, rule_path, true, out, ids);
                            path.pop();
                        }
                    }
                    _ => {
                        let identifier = in_item && key == "id" && rule != Some(Rule::VersionId);
                        out.push((
                            path.clone(),
                            Leaf {
                                value: value.clone(),
                                identifier,
                            },
                        ));
                    }
                }
            }
            path.pop();
            rule_path.pop();
        }
    }
}

struct Prepared<'a> {
    release: &'a Map<String, Value>,
    ocid: &'a str,
    id: Option<&'a Value>,
    date: &'a str,
}

fn prepare(releases: &[Value]) -> Result<Vec<Prepared<'_>>, MergeError> {
    let mut out = Vec::with_capacity(releases.len());
    for (index, r) in releases.iter().enumerate() {
        let release = r.as_object().ok_or(MergeError::NotAnObject { index })?;
        let ocid = release
            .get("ocid")
            .and_then(Value::as_str)
            .ok_or(MergeError::MissingField {
                index,
                field: "ocid",
            })?;
        let date = release
            .get("date")
            .and_then(Value::as_str)
            .ok_or(MergeError::MissingField {
                index,
                field: "date",
            })?;
        out.push(Prepared {
            release,
            ocid,
            id: release.get("id"),
            date,
        });
    }
    out.sort_by(|a, b| a.date.cmp(b.date));
    Ok(out)
}

/// The leaves of a release, and the original `id` of each array item.
type Flattened = (Vec<(Vec<Part>, Leaf)>, Vec<(Vec<Part>, Value)>);

fn flatten(f: &mut Flattener<'_>, release: &Map<String, Value>, skip: &[&str]) -> Flattened {
    let mut obj = release.clone();
    for k in skip {
        obj.remove(*k);
    }
    let mut out = Vec::new();
    let mut ids = Vec::new();
    f.flatten_object(
        &obj,
        &mut Vec::new(),
        &mut Vec::new(),
        false,
        &mut out,
        &mut ids,
    );
    (out, ids)
}

/// Rebuilds the nested value from flattened paths (in order); `None` leaves are left out.
fn unflatten(flat: &Flat<Option<Value>>) -> Value {
    let mut root = Value::Object(Map::new());
    for path in &flat.order {
        let Some(Some(leaf)) = flat.get(path) else {
            continue;
        };
        insert(&mut root, path, 0, leaf.clone(), flat);
    }
    root
}

fn insert(node: &mut Value, path: &[Part], at: usize, leaf: Value, flat: &Flat<Option<Value>>) {
    let Some(part) = path.get(at) else { return };
    let last = at + 1 == path.len();
    match (part, node) {
        (Part::Key(k), Value::Object(map)) => {
            if last {
                if !map.contains_key(k) {
                    map.insert(k.clone(), leaf);
                }
                return;
            }
            let child = map
                .entry(k.clone())
                .or_insert_with(|| match path.get(at + 1) {
                    Some(Part::Item(_)) => Value::Array(Vec::new()),
                    _ => Value::Object(Map::new()),
                });
            insert(child, path, at + 1, leaf, flat);
        }
        (Part::Item(ident), Value::Array(items)) => {
            // Array items are found by their path (identifier), remembered in `__ident` slots.
            let prefix = &path[..=at];
            let pos = items.iter().position(|v| {
                v.get(IDENT_SLOT).and_then(Value::as_str) == Some(ident_key(ident).as_str())
            });
            let idx = match pos {
                Some(i) => i,
                None => {
                    let mut obj = Map::new();
                    obj.insert(IDENT_SLOT.into(), Value::from(ident_key(ident)));
                    if let Some(id) = flat.ids.get(prefix) {
                        obj.insert("id".into(), id.clone());
                    }
                    items.push(Value::Object(obj));
                    items.len() - 1
                }
            };
            if let Some(child) = items.get_mut(idx) {
                if !last {
                    insert(child, path, at + 1, leaf, flat);
                }
            }
        }
        // A path through a value of another shape (the data changed type): left out.
        _ => {}
    }
}

const IDENT_SLOT: &str = "\u{0}ident";

fn ident_key(i: &Ident) -> String {
    match i {
        Ident::Id(s) => format!("i{s}"),
        Ident::Unique(n) => format!("u{n}"),
    }
}

fn strip_slots(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove(IDENT_SLOT);
            for x in m.values_mut() {
                strip_slots(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_slots),
        _ => {}
    }
}

/// The compiled release of `releases` (all of one `ocid`).
pub fn compile(releases: &[Value], rules: &MergeRules) -> Result<Value, MergeError> {
    let prepared = prepare(releases)?;
    let mut flat: Flat<Option<Value>> = Flat::default();
    flat.insert(
        vec![Part::Key("tag".into())],
        Some(Value::from(vec!["compiled"])),
    );
    let mut f = Flattener { rules, unique: 0 };
    for p in &prepared {
        flat.insert(
            vec![Part::Key("id".into())],
            Some(Value::from(format!("{}-{}", p.ocid, p.date))),
        );
        flat.insert(vec![Part::Key("date".into())], Some(Value::from(p.date)));
        flat.insert(vec![Part::Key("ocid".into())], Some(Value::from(p.ocid)));
        let (leaves, ids) = flatten(&mut f, p.release, &["tag", "id", "date", "ocid"]);
        for (path, id) in ids {
            flat.ids.entry(path).or_insert(id);
        }
        for (path, leaf) in leaves {
            flat.insert(path, (!leaf.value.is_null()).then_some(leaf.value));
        }
    }
    let mut out = unflatten(&flat);
    strip_slots(&mut out);
    Ok(out)
}

/// The versioned release of `releases` (all of one `ocid`).
pub fn version(releases: &[Value], rules: &MergeRules) -> Result<Value, MergeError> {
    let prepared = prepare(releases)?;
    let mut history: Flat<Vec<Value>> = Flat::default();
    let mut plain: HashMap<Vec<Part>, Value> = HashMap::new();
    let ocid_path = vec![Part::Key("ocid".into())];
    let mut f = Flattener { rules, unique: 0 };
    let mut ids: HashMap<Vec<Part>, Value> = HashMap::new();
    for p in &prepared {
        history.insert(ocid_path.clone(), Vec::new());
        plain.insert(ocid_path.clone(), Value::from(p.ocid));
        let (leaves, new_ids) = flatten(&mut f, p.release, &["tag", "id", "date", "ocid"]);
        for (path, id) in new_ids {
            ids.entry(path).or_insert(id);
        }
        for (path, leaf) in leaves {
            if leaf.identifier {
                history.insert(path.clone(), Vec::new());
                plain.insert(path, leaf.value);
                continue;
            }
            let unchanged = history
                .get(&path)
                .and_then(|h| h.last())
                .and_then(|e| e.get("value"))
                == Some(&leaf.value);
            if unchanged {
                continue;
            }
            let mut entry = Map::new();
            entry.insert("releaseID".into(), p.id.cloned().unwrap_or(Value::Null));
            entry.insert("releaseDate".into(), Value::from(p.date));
            entry.insert(
                "releaseTag".into(),
                p.release.get("tag").cloned().unwrap_or(Value::Null),
            );
            entry.insert("value".into(), leaf.value);
            let mut list = history.values.get(&path).cloned().unwrap_or_default();
            list.push(Value::Object(entry));
            history.insert(path, list);
        }
    }
    let mut flat: Flat<Option<Value>> = Flat {
        ids,
        ..Flat::default()
    };
    for path in &history.order {
        let v = match plain.get(path) {
            Some(v) => v.clone(),
            None => Value::Array(history.values.get(path).cloned().unwrap_or_default()),
        };
        flat.insert(path.clone(), Some(v));
    }
    let mut out = unflatten(&flat);
    strip_slots(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schema_rules() {
        let r = MergeRules::ocds_1_1().unwrap();
        let p = |s: &str| s.split('/').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(r.get(&p("tag")), Some(Rule::Omit));
        assert_eq!(
            r.get(&p("parties/additionalIdentifiers")),
            Some(Rule::WholeList)
        );
        assert_eq!(r.get(&p("parties/roles")), Some(Rule::WholeList));
        assert_eq!(r.get(&p("tender/id")), Some(Rule::VersionId));
        assert!(matches!(
            compile(&[serde_json::json!({"ocid": "x"})], &r),
            Err(MergeError::MissingField { field: "date", .. })
        ));
    }
}
