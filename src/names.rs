//! The names of nnplay's choices (activations, losses, optimizers, scalings, ...), each
//! written once.
//!
//! [`named!`](crate::named) gives a unit-only enum its list of values (`ALL`), its name
//! (`name()`), a forgiving parser (`parse()`: any case, spaces dropped, `-` read as `_`,
//! aliases) and serde impls that write and read those same names — so a configuration, a
//! model file, an error message and the page's menus (through [`crate::catalog`]) all use
//! one list.

use crate::error::Error;

/// A unit-only enum whose values have names (see [`named!`](crate::named)).
pub trait Named: Copy + Sized + 'static {
    /// What a value is, in messages: `"activation"`.
    const WHAT: &'static str;
    /// Every value, in the order menus show them.
    fn all() -> &'static [Self];
    /// The name of the value.
    fn name(self) -> &'static str;
    /// The value a (normalised) name or alias stands for.
    fn lookup(normalised: &str) -> Option<Self>;

    /// Parses a name or an alias: any case, spaces dropped, `-` read as `_`.
    ///
    /// # Errors
    /// An unknown name, with the list of known ones.
    fn parse(text: &str) -> crate::Result<Self> {
        Self::lookup(&normalise(text)).ok_or_else(|| unknown::<Self>(text))
    }
}

/// `"Leaky-ReLU "` → `"leaky_relu"`.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The message for a name that is not among `T`'s.
fn unknown_message<T: Named>(text: &str) -> String {
    let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
    format!(
        "unknown {} \"{text}\"; use one of {}",
        T::WHAT,
        names.join(", ")
    )
}

/// The error for a name that is not among `T`'s.
pub fn unknown<T: Named>(text: &str) -> Error {
    Error::config(T::WHAT, unknown_message::<T>(text))
}

/// The reason of a setting error without its field (for messages placed by a path).
pub fn reason(e: &Error) -> String {
    match e {
        Error::InvalidConfig { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// Serialises a named value as its name.
pub fn serialize<T: Named, S: serde::Serializer>(
    value: T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(value.name())
}

/// Reads a named value from a string (see [`Named::parse`]).
pub fn deserialize<'de, T: Named, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<T: Named> serde::de::Visitor<'_> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "the name of a {}", T::WHAT)
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
            T::lookup(&normalise(text)).ok_or_else(|| E::custom(unknown_message::<T>(text)))
        }
    }
    d.deserialize_str(Visit(std::marker::PhantomData))
}

/// Gives a unit-only enum its names: `named!(Activation, "activation" { Linear => "linear"
/// | "identity", Relu => "relu" })` implements [`Named`] (the first string is the name, the
/// others aliases, all lower case), `Display`, `FromStr` and serde as those names, and
/// `ALL`, `name()` and `parse()` as inherent items.
#[macro_export]
macro_rules! named {
    ($ty:ident, $what:literal { $($variant:ident => $name:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $crate::names::Named for $ty {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] {
                $ty::ALL
            }
            fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
            fn lookup(normalised: &str) -> Option<Self> {
                match normalised {
                    $($name $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl $ty {
            /// Every value, in the order menus show them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name, as configurations, files and the JavaScript API write it.
            pub fn name(self) -> &'static str {
                <$ty as $crate::names::Named>::name(self)
            }

            /// Parses a name or an alias (any case; spaces dropped, `-` read as `_`).
            ///
            /// # Errors
            /// An unknown name, with the list of known ones.
            pub fn parse(text: &str) -> $crate::Result<$ty> {
                <$ty as $crate::names::Named>::parse(text)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::Error;
            fn from_str(text: &str) -> $crate::Result<$ty> {
                $ty::parse(text)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                $crate::names::serialize(*self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                $crate::names::deserialize(d)
            }
        }
    };
}

/// The names of every value of `T`.
pub fn names_of<T: Named>() -> Vec<&'static str> {
    T::all().iter().map(|v| v.name()).collect()
}
