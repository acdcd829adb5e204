//! JSON in and out, one way for everything: option objects from JavaScript, a table's
//! configuration patches and model files are all read by [`read`] (serde derive over a
//! JSON tree that knows where it is, so a bad value is named by its path:
//! `layers[1].units`), and written by [`to_text`].

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
    de::reset();
    T::deserialize(de::Node(value)).map_err(|e| Misread {
        path: e.path,
        reason: e.reason,
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

/// A serde `Deserializer` over a JSON tree that keeps the path of the part being read, so
/// an error says where it is. (`serde_path_to_error` does the same by wrapping every
/// visitor, which costs a copy of the reading code per type in the WebAssembly module.)
mod de {
    use std::cell::RefCell;
    use std::fmt;

    use serde::de::value::StringDeserializer;
    use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
    use serde::forward_to_deserialize_any;
    use serde_json::{Map, Value};

    /// One step of a path: a key or an index.
    enum Step {
        Key(String),
        Index(usize),
    }

    thread_local! {
        /// The path of the part being read now (one reading at a time per thread).
        static PATH: RefCell<Vec<Step>> = const { RefCell::new(Vec::new()) };
    }

    /// The current path as text: `layers[1].units` (empty at the top).
    fn current_path() -> String {
        PATH.with(|p| {
            let mut out = String::new();
            for step in p.borrow().iter() {
                match step {
                    Step::Key(k) if out.is_empty() => out.push_str(k),
                    Step::Key(k) => {
                        out.push('.');
                        out.push_str(k);
                    }
                    Step::Index(i) => out.push_str(&format!("[{i}]")),
                }
            }
            out
        })
    }

    /// Steps into a part for as long as it lives.
    struct Within;

    impl Within {
        fn enter(step: Step) -> Within {
            PATH.with(|p| p.borrow_mut().push(step));
            Within
        }
    }

    impl Drop for Within {
        fn drop(&mut self) {
            PATH.with(|p| {
                p.borrow_mut().pop();
            });
        }
    }

    /// Starts a reading at the top of the tree.
    pub fn reset() {
        PATH.with(|p| p.borrow_mut().clear());
    }

    /// An error and the path of the part being read when it arose.
    #[derive(Debug)]
    pub struct Error {
        pub path: String,
        pub reason: String,
    }

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.reason)
        }
    }

    impl std::error::Error for Error {}

    impl de::Error for Error {
        fn custom<T: fmt::Display>(msg: T) -> Self {
            Error {
                path: current_path(),
                reason: msg.to_string(),
            }
        }
    }

    /// A part of the tree.
    pub struct Node(pub Value);

    impl<'de> de::Deserializer<'de> for Node {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Null => visitor.visit_unit(),
                Value::Bool(b) => visitor.visit_bool(b),
                Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => visitor.visit_u64(u),
                    (None, Some(i)) => visitor.visit_i64(i),
                    _ => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
                },
                Value::String(s) => visitor.visit_string(s),
                Value::Array(items) => visitor.visit_seq(Seq {
                    items: items.into_iter(),
                    index: 0,
                }),
                Value::Object(map) => visitor.visit_map(Entries::new(map)),
            }
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.0.is_null() {
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            match self.0 {
                // A unit variant by its name.
                Value::String(s) => visitor.visit_enum(s.into_deserializer()),
                // `{ "variant": value }`.
                Value::Object(map) if map.len() == 1 => {
                    let (variant, value) = map.into_iter().next().expect("one entry");
                    visitor.visit_enum(Variant { variant, value })
                }
                other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
            }
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }

        forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        }
    }

    /// How serde names a value's kind in "invalid type" messages.
    fn unexpected(v: &Value) -> de::Unexpected<'_> {
        match v {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => n
                .as_f64()
                .map_or(de::Unexpected::Other("number"), de::Unexpected::Float),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }

    struct Seq {
        items: std::vec::IntoIter<Value>,
        index: usize,
    }

    impl<'de> de::SeqAccess<'de> for Seq {
        type Error = Error;

        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Error> {
            let Some(value) = self.items.next() else {
                return Ok(None);
            };
            let _within = Within::enter(Step::Index(self.index));
            self.index += 1;
            seed.deserialize(Node(value)).map(Some)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.items.len())
        }
    }

    struct Entries {
        entries: serde_json::map::IntoIter,
        /// The entry whose value comes next.
        next: Option<(String, Value)>,
    }

    impl Entries {
        fn new(map: Map<String, Value>) -> Self {
            Entries {
                entries: map.into_iter(),
                next: None,
            }
        }
    }

    impl<'de> de::MapAccess<'de> for Entries {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            let Some((key, value)) = self.entries.next() else {
                return Ok(None);
            };
            // An unknown key is named by its own path.
            let _within = Within::enter(Step::Key(key.clone()));
            let name: StringDeserializer<Error> = key.clone().into_deserializer();
            self.next = Some((key, value));
            seed.deserialize(name).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
            let (key, value) = self.next.take().unwrap_or_default();
            let _within = Within::enter(Step::Key(key));
            seed.deserialize(Node(value))
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.entries.len())
        }
    }

    struct Variant {
        variant: String,
        value: Value,
    }

    impl<'de> de::EnumAccess<'de> for Variant {
        type Error = Error;
        type Variant = Variant;

        fn variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<(S::Value, Self::Variant), Error> {
            let name: StringDeserializer<Error> = self.variant.clone().into_deserializer();
            let v = seed.deserialize(name)?;
            Ok((v, self))
        }
    }

    impl<'de> de::VariantAccess<'de> for Variant {
        type Error = Error;

        fn unit_variant(self) -> Result<(), Error> {
            match self.value {
                Value::Null => Ok(()),
                other => Err(de::Error::invalid_type(
                    unexpected(&other),
                    &"a unit variant",
                )),
            }
        }

        fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
            // The variant's value sits under the variant's name, as in the text.
            let _within = Within::enter(Step::Key(self.variant));
            seed.deserialize(Node(self.value))
        }

        fn tuple_variant<V: Visitor<'de>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            let _within = Within::enter(Step::Key(self.variant));
            de::Deserializer::deserialize_any(Node(self.value), visitor)
        }

        fn struct_variant<V: Visitor<'de>>(
            self,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            let _within = Within::enter(Step::Key(self.variant));
            de::Deserializer::deserialize_any(Node(self.value), visitor)
        }
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
