//! The members of a compiled release that the indicators read, deserialised straight from the
//! line (strings borrowed from it unless they hold escapes), everything else skipped.
//!
//! The reading is as lenient as looking members up in a `serde_json::Value`: a member of the
//! wrong type counts as absent (`"status": 5` is no status, `"tender": []` is no tender), an
//! element of an array that is not an object counts as an object without members, and of
//! duplicate members the last wins. Skipped values are parsed as fully as a `Value` would be
//! (strings checked for UTF-8 and escapes, numbers for range), so a line is accepted exactly
//! when `serde_json::from_slice::<Value>` accepts it, without building anything for it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A string member (`None`: absent or not a string).
pub(crate) type Str<'a> = Option<Cow<'a, str>>;

/// A release: `None` when the line is a JSON value other than an object.
pub(crate) struct Line<'a>(pub(crate) Option<Release<'a>>);

#[derive(Default)]
pub(crate) struct Release<'a> {
    pub(crate) ocid: Str<'a>,
    pub(crate) buyer: Option<Org<'a>>,
    pub(crate) tender: Option<Tender<'a>>,
    pub(crate) bids: Option<Bids<'a>>,
    pub(crate) awards: Option<Vec<Award<'a>>>,
}

/// An organisation reference, or anything else read only for its `id` (a classification).
#[derive(Default)]
pub(crate) struct Org<'a> {
    pub(crate) id: Str<'a>,
}

#[derive(Default)]
pub(crate) struct Tender<'a> {
    pub(crate) status: Str<'a>,
    pub(crate) procurement_method: Str<'a>,
    pub(crate) procurement_method_details: Str<'a>,
    /// `Some` when the member is a number: its value as a `u64`, or 0 if it is not one (as
    /// `Value::as_u64().unwrap_or_default()`).
    pub(crate) number_of_tenderers: Option<u64>,
    pub(crate) tender_period: Option<Period<'a>>,
    pub(crate) procuring_entity: Option<Org<'a>>,
}

#[derive(Default)]
pub(crate) struct Period<'a> {
    pub(crate) start_date: Str<'a>,
    pub(crate) end_date: Str<'a>,
}

#[derive(Default)]
pub(crate) struct Bids<'a> {
    pub(crate) details: Option<Vec<Bid<'a>>>,
}

#[derive(Default)]
pub(crate) struct Bid<'a> {
    pub(crate) status: Str<'a>,
    pub(crate) date: Str<'a>,
    pub(crate) value: Option<Amount<'a>>,
    pub(crate) tenderers: Option<Vec<Org<'a>>>,
}

#[derive(Default)]
pub(crate) struct Amount<'a> {
    pub(crate) amount: Option<f64>,
    pub(crate) currency: Str<'a>,
}

#[derive(Default)]
pub(crate) struct Award<'a> {
    pub(crate) status: Str<'a>,
    pub(crate) suppliers: Option<Vec<Org<'a>>>,
    pub(crate) items: Option<Vec<Item<'a>>>,
}

#[derive(Default)]
pub(crate) struct Item<'a> {
    pub(crate) classification: Option<Org<'a>>,
}

/// An object whose members are read one by one; the others are skipped.
trait Members<'de>: Default {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

fn next<'de, T: Deserialize<'de>, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value::<T>()
}

/// Parses the value of a member the indicators do not read.
fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<Skip>().map(|Skip| ())
}

impl<'de> Members<'de> for Release<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "ocid" => self.ocid = next::<S, A>(map)?.0,
            "buyer" => self.buyer = next::<Obj<Org>, A>(map)?.0,
            "tender" => self.tender = next::<Obj<Tender>, A>(map)?.0,
            "bids" => self.bids = next::<Obj<Bids>, A>(map)?.0,
            "awards" => self.awards = next::<Arr<Award>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Org<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "id" => self.id = next::<S, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Tender<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "status" => self.status = next::<S, A>(map)?.0,
            "procurementMethod" => self.procurement_method = next::<S, A>(map)?.0,
            "procurementMethodDetails" => {
                self.procurement_method_details = next::<S, A>(map)?.0;
            }
            "numberOfTenderers" => self.number_of_tenderers = next::<Count, A>(map)?.0,
            "tenderPeriod" => self.tender_period = next::<Obj<Period>, A>(map)?.0,
            "procuringEntity" => self.procuring_entity = next::<Obj<Org>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Period<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "startDate" => self.start_date = next::<S, A>(map)?.0,
            "endDate" => self.end_date = next::<S, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Bids<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "details" => self.details = next::<Arr<Bid>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Bid<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "status" => self.status = next::<S, A>(map)?.0,
            "date" => self.date = next::<S, A>(map)?.0,
            "value" => self.value = next::<Obj<Amount>, A>(map)?.0,
            "tenderers" => self.tenderers = next::<Arr<Org>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Amount<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "amount" => self.amount = next::<Num, A>(map)?.0,
            "currency" => self.currency = next::<S, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Award<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "status" => self.status = next::<S, A>(map)?.0,
            "suppliers" => self.suppliers = next::<Arr<Org>, A>(map)?.0,
            "items" => self.items = next::<Arr<Item>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Members<'de> for Item<'de> {
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "classification" => self.classification = next::<Obj<Org>, A>(map)?.0,
            _ => skip(map)?,
        }
        Ok(())
    }
}

/// Implements the listed visits for values of the wrong kind: scalars are dropped, arrays and
/// objects are parsed through, and the visitor's `none()` is returned. (`deserialize_any` on
/// JSON never calls `visit_none`: `null` is `visit_unit`.)
macro_rules! none_for {
    ($($kind:ident)*) => { $(none_for!(@ $kind);)* };
    (@ bool) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ i64) => {
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ u64) => {
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ f64) => {
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ str) => {
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ unit) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.none())
        }
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<Skip>()?.is_some() {}
            Ok(self.none())
        }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<Skip, Skip>()?.is_some() {}
            Ok(self.none())
        }
    };
}

/// Any value, parsed and dropped.
struct Skip;

struct SkipVisitor;

impl SkipVisitor {
    fn none(&self) -> Skip {
        Skip
    }
}

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    none_for!(bool i64 u64 f64 str unit seq map);
}

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

/// A string, borrowed when it holds no escapes; `None` for any other value.
struct S<'a>(Str<'a>);

struct SVisitor;

impl SVisitor {
    fn none<'a>(&self) -> S<'a> {
        S(None)
    }
}

impl<'de> Visitor<'de> for SVisitor {
    type Value = S<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(S(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(S(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(S(Some(Cow::Owned(v))))
    }
    none_for!(bool i64 u64 f64 unit seq map);
}

impl<'de> Deserialize<'de> for S<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SVisitor)
    }
}

/// A number as `f64` (as `Value::as_f64`); `None` for any other value.
struct Num(Option<f64>);

struct NumVisitor;

impl NumVisitor {
    fn none(&self) -> Num {
        Num(None)
    }
}

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Num(Some(v as f64)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Num(Some(v as f64)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Num(Some(v)))
    }
    none_for!(bool str unit seq map);
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

/// A number as `u64`, 0 for a negative or fractional number; `None` for any other value.
struct Count(Option<u64>);

struct CountVisitor;

impl CountVisitor {
    fn none(&self) -> Count {
        Count(None)
    }
}

impl<'de> Visitor<'de> for CountVisitor {
    type Value = Count;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Count(Some(u64::try_from(v).unwrap_or(0))))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Count(Some(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Count(Some(0)))
    }
    none_for!(bool str unit seq map);
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

/// A member name, borrowed unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

fn read_members<'de, T: Members<'de>, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut t = T::default();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        t.member(&key.0, &mut map)?;
    }
    Ok(t)
}

/// An object (`None` for any other value).
struct Obj<T>(Option<T>);

struct ObjVisitor<T>(PhantomData<T>);

impl<T> ObjVisitor<T> {
    fn none(&self) -> Obj<T> {
        Obj(None)
    }
}

impl<'de, T: Members<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Obj<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(Obj(Some(read_members(map)?)))
    }
    none_for!(bool i64 u64 f64 str unit seq);
}

impl<'de, T: Members<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjVisitor(PhantomData))
    }
}

/// An element of an array of objects: one that is not an object has no members.
struct Elem<T>(T);

impl<'de, T: Members<'de>> Deserialize<'de> for Elem<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Elem(Obj::<T>::deserialize(d)?.0.unwrap_or_default()))
    }
}

/// An array of objects (`None` for any other value).
struct Arr<T>(Option<Vec<T>>);

struct ArrVisitor<T>(PhantomData<T>);

impl<T> ArrVisitor<T> {
    fn none(&self) -> Arr<T> {
        Arr(None)
    }
}

impl<'de, T: Members<'de>> Visitor<'de> for ArrVisitor<T> {
    type Value = Arr<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(Elem(t)) = seq.next_element::<Elem<T>>()? {
            v.push(t);
        }
        Ok(Arr(Some(v)))
    }
    none_for!(bool i64 u64 f64 str unit map);
}

impl<'de, T: Members<'de>> Deserialize<'de> for Arr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ArrVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Line<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Line(Obj::<Release>::deserialize(d)?.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Option<Release<'_>> {
        serde_json::from_str::<Line>(s).unwrap().0
    }

    /// A line is accepted exactly when a full `Value` parse accepts it.
    #[test]
    fn accepts_exactly_what_a_value_parse_accepts() {
        let deep = format!("{{\"x\": {}{}}}", "[".repeat(127), "]".repeat(127));
        let lines = [
            r#"{"ocid": "a", "x": 1e400}"#,
            r#"{"ocid": "a", "x": "\ud800"}"#,
            r#"{"ocid": "a", "x": "\ud83d\ude00"}"#,
            r#"{"ocid": "a", "x": "a\qb"}"#,
            r#"{"ocid": "a", "x": [1, 2,]}"#,
            r#"{"ocid": "a"} x"#,
            r#"{"ocid": "a", "tender": {"numberOfTenderers": 18446744073709551616}}"#,
            r#"{"ocid": "a", "x": -0.0, "y": 1.5e-300, "z": [true, false, null, {}]}"#,
            &deep,
            "",
            "[1, {\"ocid\": 2}]",
        ];
        for l in lines {
            assert_eq!(
                serde_json::from_str::<Line>(l).is_ok(),
                serde_json::from_str::<serde_json::Value>(l).is_ok(),
                "{l}"
            );
        }
        let mut bytes = br#"{"ocid": "a", "x": ""#.to_vec();
        bytes.extend([0xff, b'"', b'}']);
        assert!(serde_json::from_slice::<Line>(&bytes).is_err());
    }

    /// Wrong types are absent, the last duplicate wins, escapes are decoded, and elements that
    /// are not objects still count.
    #[test]
    fn reads_like_value_lookups() {
        assert!(line("[1]").is_none() && line("\"x\"").is_none() && line("null").is_none());
        let r = line(
            r#"{"ocid": 5, "oc\u0069d": "b", "tender": [], "buyer": {"id": 3}, "awards": {}}"#,
        )
        .unwrap();
        assert_eq!(r.ocid.as_deref(), Some("b"));
        assert!(r.tender.is_none() && r.awards.is_none());
        assert!(r.buyer.unwrap().id.is_none());
        let r =
            line(r#"{"ocid": "a", "ocid": null, "tender": {"status": "x", "status": 1}}"#).unwrap();
        assert!(r.ocid.is_none() && r.tender.unwrap().status.is_none());
        let r = line(
            r#"{"bids": {"details": [3, {"tenderers": ["x", {"id": "T"}], "value": {"amount": "1", "currency": "CNY"}}]}}"#,
        )
        .unwrap();
        let details = r.bids.unwrap().details.unwrap();
        assert_eq!(details.len(), 2);
        let tenderers = details[1].tenderers.as_ref().unwrap();
        assert_eq!(tenderers.len(), 2);
        assert!(tenderers[0].id.is_none());
        assert_eq!(tenderers[1].id.as_deref(), Some("T"));
        let value = details[1].value.as_ref().unwrap();
        assert!(value.amount.is_none() && value.currency.as_deref() == Some("CNY"));
        for (n, want) in [
            ("1", Some(1)),
            ("1.0", Some(0)),
            ("-1", Some(0)),
            ("\"1\"", None),
        ] {
            let text = format!(r#"{{"tender": {{"numberOfTenderers": {n}}}}}"#);
            let r = line(&text).unwrap();
            assert_eq!(r.tender.unwrap().number_of_tenderers, want, "{n}");
        }
    }
}
