//! The `serde` feature's hand-written half: the JSON shapes of the types whose JSON is not just
//! their fields (a derived `usd` and `ok`, catalogue references written as ids, numbers kept as
//! text), so that serde reads and writes exactly the JSON the engine writes. The plain types
//! (`Code`, `Issue`, `InputKind`, `TaskState`, `TaskStatus`) derive theirs where they are declared.
//! Not in the package's wasm builds: the JavaScript boundary stays JSON text.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::client::response::is_http_url;
use crate::engine::model;
use crate::engine::pricing::{self, Estimate, InputKind};
use crate::engine::report::{Issue, Report};
use crate::json::{self, Value, MAX_DEPTH};

/// The `CostEstimate` of the JavaScript contract. Reading one prices it again: an `Estimate` is
/// always this engine's price for its inputs, so a model, resolution or price the catalogue does
/// not have is refused rather than carried.
#[derive(Serialize, Deserialize)]
pub(crate) struct EstimateJson {
    model: Cow<'static, str>,
    duration: u32,
    resolution: Cow<'static, str>,
    billed_resolution: Cow<'static, str>,
    input_kind: InputKind,
    credits: u32,
    #[serde(serialize_with = "usd")]
    usd: f64,
}

/// `credits / 100` as the engine writes it: a whole number without a fraction (`4`, not `4.0`,
/// which serde_json would read as a different number), else the float.
fn usd<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(value) {
        serializer.serialize_u64(*value as u64)
    } else {
        serializer.serialize_f64(*value)
    }
}

impl From<Estimate> for EstimateJson {
    fn from(e: Estimate) -> Self {
        EstimateJson {
            model: Cow::Borrowed(e.model.id),
            duration: e.duration,
            resolution: Cow::Borrowed(e.resolution),
            billed_resolution: Cow::Borrowed(e.billed_resolution),
            input_kind: e.input_kind,
            credits: e.credits,
            usd: f64::from(e.credits) / 100.0,
        }
    }
}

impl TryFrom<EstimateJson> for Estimate {
    type Error = &'static str;

    fn try_from(json: EstimateJson) -> Result<Self, Self::Error> {
        let model = model::find(&json.model).ok_or("the estimate names an unknown model")?;
        if !model.durations.allows(json.duration.into()) {
            return Err("the estimate's duration is not one its model offers");
        }
        let resolution = model
            .billed_resolutions
            .iter()
            .map(|&(requested, _)| requested)
            .find(|&requested| requested == json.resolution)
            .ok_or("the estimate's resolution is not one its model offers")?;
        let priced = pricing::estimate(model, json.duration, resolution, json.input_kind)
            .ok_or("the estimate cannot be priced")?;
        let usd = f64::from(priced.credits) / 100.0;
        if priced.billed_resolution != json.billed_resolution
            || priced.credits != json.credits
            || usd != json.usd
        {
            return Err(
                "the estimate's billed_resolution, credits or usd differ from the engine's price",
            );
        }
        Ok(priced)
    }
}

/// Read through [`EstimateJson`] (see its checks). By hand: a derived `Deserialize` would require
/// `'de: 'static` for the `&'static str` fields, which no input outside a constant has.
impl<'de> Deserialize<'de> for Estimate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Estimate::try_from(EstimateJson::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

/// The `ValidationReport` of the JavaScript contract: `ok` is written from the errors (and must
/// agree with them when read); the model checked against is not part of it, and is read back from
/// the estimate.
#[derive(Serialize, Deserialize)]
pub(crate) struct ReportJson {
    ok: bool,
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
    request: Option<Value>,
    estimate: Option<Estimate>,
}

impl From<Report> for ReportJson {
    fn from(report: Report) -> Self {
        ReportJson {
            ok: report.ok(),
            errors: report.errors,
            warnings: report.warnings,
            request: report.request,
            estimate: report.estimate,
        }
    }
}

impl TryFrom<ReportJson> for Report {
    type Error = &'static str;

    fn try_from(json: ReportJson) -> Result<Self, Self::Error> {
        if json.ok != json.errors.is_empty() {
            return Err("the report's ok disagrees with its errors");
        }
        Ok(Report {
            model: json.estimate.map(|e| e.model),
            errors: json.errors,
            warnings: json.warnings,
            request: json.request,
            estimate: json.estimate,
        })
    }
}

/// `TaskStatus.videos`: only http(s) URLs, the promise `parse_status` keeps against hostile servers
/// (see [`is_http_url`]), kept when a status is read back too.
pub(crate) fn http_urls<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    let videos = Vec::<String>::deserialize(deserializer)?;
    match videos.iter().all(|url| is_http_url(url)) {
        true => Ok(videos),
        false => Err(de::Error::custom("videos may hold only http(s) URLs")),
    }
}

/// A number as serde_json reads the same text: an integer when it is one that fits `u64` or
/// `i64`, else the nearest float (what `JSON.parse` gives; one too large for a float is written as
/// `null`, as `JSON.stringify` writes `Infinity`).
fn serialize_number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if let Ok(n) = text.parse::<u64>() {
        serializer.serialize_u64(n)
    } else if let Ok(n) = text.parse::<i64>() {
        serializer.serialize_i64(n)
    } else if let Ok(n) = text.parse::<f64>() {
        serializer.serialize_f64(n)
    } else {
        Err(serde::ser::Error::custom(
            "a Value::Number that is not a number",
        ))
    }
}

/// The request (and any JSON value) as the JSON it holds.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(text) => serialize_number(text, serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => serializer.collect_seq(items),
            Value::Object(members) => serializer.collect_map(members.iter().map(|(k, v)| (k, v))),
        }
    }
}

/// Read like [`json::parse`] reads text: key order and repeated keys kept, and nesting deeper than
/// [`MAX_DEPTH`] refused whatever the deserializer allows.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueAt { depth: 0 }.deserialize(deserializer)
    }
}

/// How serde_json's `arbitrary_precision` hands over a number it keeps as text: a map of one
/// member with this key. Reading it gives the number's source text, as the engine keeps it (exact
/// but for serde_json's spelling of an exponent: `1E5` comes as `1e+5`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A value at a nesting depth (the outermost is 0, as in [`json::parse`]).
#[derive(Clone, Copy)]
struct ValueAt {
    depth: usize,
}

impl ValueAt {
    fn inner(self) -> ValueAt {
        ValueAt {
            depth: self.depth + 1,
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueAt {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom("the value is nested too deeply"));
        }
        deserializer.deserialize_any(self)
    }
}

/// A number's text, checked to be one JSON number.
fn number<E: de::Error>(text: &str) -> Result<Value, E> {
    match json::parse(text) {
        Ok(number @ Value::Number(_)) => Ok(number),
        _ => Err(E::custom("a number that is not a JSON number")),
    }
}

impl<'de> Visitor<'de> for ValueAt {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(json::u64_text(n)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        let mut text = String::from(if n < 0 { "-" } else { "" });
        json::write_u64(&mut text, n.unsigned_abs());
        Ok(Value::Number(text))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        // Display writes the shortest text that reads back as `n`, never with an exponent;
        // JSON has no NaN or infinity, which `number` refuses.
        number(&n.to_string())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(self.inner())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<String>()? {
            if members.is_empty() && key == NUMBER_TOKEN {
                return number(&map.next_value::<String>()?);
            }
            members.push((key, map.next_value_seed(self.inner())?));
        }
        Ok(Value::Object(members))
    }
}
