//! Cardinal's output object, serialised straight from the results (no `Value` in between for
//! the command): `Buyer`, `Maps`, `Meta`, `OCID`, `ProcuringEntity`, `Tenderer`, keys sorted
//! at every level, numbers as a `Value` would print them (a non-finite number is `null`).

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{Group, Maps, Values, TENDERER_MAPS};

pub(crate) struct Output<'a> {
    pub(crate) results: &'a BTreeMap<Group, BTreeMap<String, Values>>,
    pub(crate) meta: Option<&'a BTreeMap<&'static str, BTreeMap<String, f64>>>,
    pub(crate) maps: Option<&'a Maps>,
}

/// A number as `Value::from(f64)` serialises it.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else {
            s.serialize_unit()
        }
    }
}

/// One result group: id → code → value.
struct GroupOut<'a>(&'a BTreeMap<String, Values>);

impl Serialize for GroupOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (id, values) in self.0 {
            m.serialize_entry(id, &CodesOut(values))?;
        }
        m.end()
    }
}

struct CodesOut<'a>(&'a Values);

impl Serialize for CodesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (code, _, v) in self.0 {
            m.serialize_entry(code, &Num(*v))?;
        }
        m.end()
    }
}

/// `Meta`: rounded to 4 decimals.
struct MetaOut<'a>(&'a BTreeMap<&'static str, BTreeMap<String, f64>>);

impl Serialize for MetaOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (code, inner) in self.0 {
            m.serialize_entry(code, &Rounded(inner))?;
        }
        m.end()
    }
}

struct Rounded<'a>(&'a BTreeMap<String, f64>);

impl Serialize for Rounded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, &Num((v * 10_000.0).round() / 10_000.0))?;
        }
        m.end()
    }
}

/// `Maps`: its keys are in sorted order here (`ocid_buyer…` < `ocid_procuringentity…` <
/// `ocid_tenderer…`, and `TENDERER_MAPS` is sorted).
struct MapsOut<'a>(&'a Maps);

impl Serialize for MapsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let empty = BTreeMap::new();
        let mut m = s.serialize_map(Some(2 + TENDERER_MAPS.len()))?;
        m.serialize_entry("ocid_buyer_r038", &Ids(&self.0.ocid_buyer_r038))?;
        m.serialize_entry(
            "ocid_procuringentity_r038",
            &Ids(&self.0.ocid_procuringentity_r038),
        )?;
        for name in TENDERER_MAPS {
            m.serialize_entry(name, self.0.tenderers.get(name).unwrap_or(&empty))?;
        }
        m.end()
    }
}

/// ocid → organisation, without the line numbers.
struct Ids<'a>(&'a BTreeMap<String, (u64, String)>);

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (ocid, (_, id)) in self.0 {
            m.serialize_entry(ocid, id)?;
        }
        m.end()
    }
}

impl Serialize for Output<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let group = |g: Group| self.results.get(&g).filter(|ids| !ids.is_empty());
        let mut m = s.serialize_map(None)?;
        // In sorted key order.
        if let Some(ids) = group(Group::Buyer) {
            m.serialize_entry(Group::Buyer.name(), &GroupOut(ids))?;
        }
        if let Some(maps) = self.maps {
            m.serialize_entry("Maps", &MapsOut(maps))?;
        }
        if let Some(meta) = self.meta {
            m.serialize_entry("Meta", &MetaOut(meta))?;
        }
        for g in [Group::Ocid, Group::ProcuringEntity, Group::Tenderer] {
            if let Some(ids) = group(g) {
                m.serialize_entry(g.name(), &GroupOut(ids))?;
            }
        }
        m.end()
    }
}
