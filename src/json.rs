//! JSON in and out, one way for everything: option objects from JavaScript, a table's
//! configuration patches and model files are all read by [`read`] (serde derive through
//! `serde_path_to_error`, so a bad value is named by its path: `layers[1].units`), and
//! written by [`to_text`].

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

/// Why a JSON value could not be read as a type: the path of the bad part (empty for the
/// whole value) and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Misread {
    pub path: String,
    pub reason: String,
}

impl Misread {
    /// As an options error: `invalid <what>: <path>: <reason>`.
    pub fn options(self, what: &str) -> Error {
        Error::Options {
            what: what.into(),
            path: self.path,
            reason: self.reason,
        }
    }

    /// As a model-file error naming the field.
    pub fn file(self, within: &str) -> Error {
        let field = match (within.is_empty(), self.path.is_empty()) {
            (true, true) => "file".to_string(),
            (true, false) => self.path,
            (false, true) => within.to_string(),
            (false, false) => format!("{within}.{}", self.path),
        };
        Error::file(field, self.reason)
    }
}

/// Reads `value` as a `T`.
///
/// # Errors
/// A [`Misread`] naming the first part of `value` that does not fit `T`: an unknown key,
/// a missing one, a value of the wrong type or out of range.
pub fn read<T: DeserializeOwned>(value: Value) -> Result<T, Misread> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let reason = e.into_inner().to_string();
        Misread {
            path: if path == "." { String::new() } else { path },
            reason,
        }
    })
}

/// Parses JSON text into a value.
///
/// # Errors
/// Text that is not JSON, with the line and column.
pub fn parse(text: &str) -> Result<Value, Misread> {
    serde_json::from_str(text).map_err(|e| Misread {
        path: String::new(),
        reason: format!("not valid JSON: {e}"),
    })
}

/// A value as a JSON tree (for merging configuration patches).
pub fn to_value<T: Serialize>(value: &T) -> Value {
    // The types written here hold only strings, numbers, booleans, lists and maps with
    // string keys, which always convert.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Compact JSON text of `value`, floats written shortest (they read back bit for bit).
pub fn to_text<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut writer = serde_json::Serializer::with_formatter(&mut out, ShortestFloats);
    // Serialising into memory fails only for maps with non-string keys, which no type
    // written here has; the text is then empty rather than a panic.
    if value.serialize(&mut writer).is_err() {
        out.clear();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Compact JSON whose floats are written by Rust's own shortest round-trip formatting
/// (`{}`: `0.25`, `0.000012`, with `.0` added to whole numbers so they stay floats), which
/// reads back to the same `f32`/`f64`. The module carries that code anyway (for messages);
/// serde_json's float printer would add its own tables to the download.
struct ShortestFloats;

/// `text` (from `{}` or `{:e}`) with `.0` added to a whole number, so it stays a float.
fn write_float<W: ?Sized + std::io::Write>(w: &mut W, text: String) -> std::io::Result<()> {
    w.write_all(text.as_bytes())?;
    if text.contains(['.', 'e']) {
        Ok(())
    } else {
        w.write_all(b".0")
    }
}

/// Positional (`0.25`) in the usual range, scientific (`1.5e-7`) for tiny and huge
/// magnitudes, as JSON writers do: short text that parses back exactly.
fn float_text(v: f64, shortest: impl Fn(bool) -> String) -> String {
    shortest(v != 0.0 && !(1e-5..1e16).contains(&v.abs()))
}

impl serde_json::ser::Formatter for ShortestFloats {
    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f32) -> std::io::Result<()> {
        let text = float_text(f64::from(v), |sci| {
            if sci {
                format!("{v:e}")
            } else {
                v.to_string()
            }
        });
        write_float(w, text)
    }

    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        let text = float_text(v, |sci| if sci { format!("{v:e}") } else { v.to_string() });
        write_float(w, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_bit_for_bit() {
        // Extremes of f32 (the smallest subnormal, the largest finite), a negative zero, a
        // value with no short decimal, and whole numbers (written with `.0`).
        let values = [
            f32::from_bits(1),
            f32::MIN_POSITIVE,
            f32::MAX,
            -0.0,
            0.1,
            std::f32::consts::PI,
            -123_456.79,
            1.0,
            -4096.0,
        ];
        let text = to_text(&values);
        assert!(
            text.contains(",1.0,-4096.0]") && text.starts_with("[1e-45,"),
            "{text}"
        );
        let back: Vec<f32> = serde_json::from_str(&text).unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&values), "{text}");
        // f64 the same way (the preprocessing holds f64 numbers).
        let wide = [1e-300, f64::MAX, 0.1, 2.0, 3.5e-6, 1.25e17];
        let back: Vec<f64> = serde_json::from_str(&to_text(&wide)).unwrap();
        assert_eq!(
            back.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            wide.map(f64::to_bits)
        );
    }

    #[test]
    fn misreads_name_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            units: usize,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            layers: Vec<Inner>,
        }
        let e = read::<Outer>(serde_json::json!({ "layers": [{ "units": 1 }, { "units": "3" }] }))
            .unwrap_err();
        assert_eq!(e.path, "layers[1].units");
        assert!(e.reason.starts_with("invalid type: string \"3\""), "{e:?}");
        let e = read::<Outer>(serde_json::json!("x")).unwrap_err();
        assert_eq!(e.path, "");
        assert_eq!(
            e.options("thing").to_string(),
            "invalid thing: invalid type: string \"x\", expected struct Outer"
        );
    }
}
