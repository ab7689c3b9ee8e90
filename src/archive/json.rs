//! Reading JSON into the model with serde_json, structs from objects only.
//!
//! serde_json reads a struct from a JSON object or, field by field, from an array, so every
//! struct's derived `Deserialize` is compiled twice: a `visit_map` and a `visit_seq`. The corpus
//! compiler writes structs as objects, never as arrays. [`from_str`] hands serde_json a thin
//! wrapper that asks for a map wherever a struct is wanted, so no `visit_seq` of a struct is
//! reachable and the linker drops them all (about a sixth of the reader's wasm, before gzip).
//! Sequences (`Vec`, tuples) still read from arrays, and errors are serde_json's own, with
//! their line and column.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};

/// Reads `json` like `serde_json::from_str`, with structs (and struct variants) accepted only
/// as JSON objects.
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: u32, y: u32 }
/// let p: Point = dossier::archive::json::from_str(r#"{"x": 1, "y": 2}"#).unwrap();
/// assert_eq!(p, Point { x: 1, y: 2 });
/// assert!(dossier::archive::json::from_str::<Point>("[1, 2]").is_err());
/// ```
pub fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(Objects(&mut de))?;
    de.end()?;
    Ok(value)
}

/// A deserializer that reads structs as maps and passes everything else through.
struct Objects<D>(D);

/// A visitor that wraps what it is handed (nested deserializers, sequences, maps, enums) in
/// [`Objects`], so that the rule holds at every depth.
struct Wrap<V>(V);

/// A seed whose deserializer is wrapped in [`Objects`].
struct Seed<S>(S);

/// A struct variant's content, read as a map.
struct StructContent<V>(V);

struct Seq<A>(A);
struct Map<A>(A);
struct Enum<A>(A);
struct Variant<A>(A);

macro_rules! forward {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit
        deserialize_seq deserialize_map deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! pass {
    ($($method:ident: $ty:ty)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    pass! {
        visit_bool: bool visit_i64: i64 visit_u64: u64 visit_f64: f64 visit_str: &str
        visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
        visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Objects(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Objects(d))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Seq(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Map(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Enum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Objects(d))
    }
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructContent<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_map(Wrap(self.0))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Seed(seed))?;
        Ok((value, Variant(variant)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        // the variant's content, read as a map: the same as struct_variant for an object
        self.0.newtype_variant_seed(StructContent(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::model::{Block, Document, DocumentFile, Mark, MarkKind, Value};

    #[test]
    fn reads_what_serde_json_reads_from_objects() {
        let src = include_str!("../../seeds/000_35518670e4bcec4c.txt");
        let doc = crate::archive::parse_record("seed.txt", src).expect("the seed parses");
        let file = DocumentFile {
            format_version: 1,
            document: doc,
            position: Default::default(),
        };
        let json = serde_json::to_string(&file).unwrap();
        let ours: DocumentFile = from_str(&json).unwrap();
        let theirs: DocumentFile = serde_json::from_str(&json).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours, file);
    }

    #[test]
    fn reads_every_shape_of_enum() {
        let marks = [
            Mark {
                start: 0,
                end: 3,
                kind: MarkKind::PageBreak,
            },
            Mark {
                start: 1,
                end: 2,
                kind: MarkKind::Gloss {
                    term: "A".into(),
                    expansion: "B".into(),
                },
            },
        ];
        let json = serde_json::to_string(&marks).unwrap();
        assert_eq!(from_str::<Vec<Mark>>(&json).unwrap(), marks);
        let value = Value::Quantity {
            value: 1.5,
            unit: Some("t".into()),
            commodity: None,
        };
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(from_str::<Value>(&json).unwrap(), value);
        assert!(from_str::<Option<Block>>("null").unwrap().is_none());
    }

    #[test]
    fn refuses_structs_written_as_arrays_and_trailing_text() {
        let err = from_str::<Mark>(r#"[0, 1, "page_break"]"#).unwrap_err();
        assert!(err.to_string().contains("expected struct Mark"), "{err}");
        let err = from_str::<Mark>(r#"{"kind": "page_break"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `start`"), "{err}");
        let err = from_str::<Vec<u32>>("[1] x").unwrap_err();
        assert_eq!((err.line(), err.column()), (1, 5));
        let err = from_str::<Document>("{\n  \"id\": 7\n}").unwrap_err();
        assert_eq!(err.line(), 2);
    }
}
