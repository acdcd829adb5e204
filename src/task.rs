//! The kind of problem a data set poses: the one word the data layer and the network share.

/// Regression, or classification into two or more classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Task {
    Regression,
    Binary,
    Multiclass,
}

crate::named!(Task, "task" {
    Regression => "regression",
    Binary => "binary",
    Multiclass => "multiclass",
});
