//! The data sets that come with nnplay: TensorFlow Playground's 2-D generators
//! ([`super::toy`]) and the tables in `www/datasets/` (see `www/datasets/SOURCES.md`).

use serde::Serialize;

use super::toy::Toy;
use crate::task::Task;

/// A built-in table: a CSV file under `www/datasets/`, read like any upload.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuiltinTable {
    /// The name in settings and links (`dataset=iris`).
    pub name: &'static str,
    /// What menus show.
    pub title: &'static str,
    /// A few words on what it holds.
    pub summary: &'static str,
    /// The file under `www/datasets/`.
    pub file: &'static str,
    pub task: Task,
    /// The scikit-learn loader that gives the same data (`sklearn.datasets.<loader>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sklearn_loader: Option<&'static str>,
    /// Width and height when every row is a greyscale image (row-major pixels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<[usize; 2]>,
}

/// The built-in tables, in menu order.
pub const TABLES: [BuiltinTable; 6] = [
    BuiltinTable {
        name: "iris",
        title: "Iris",
        summary: "3 classes",
        file: "iris.csv",
        task: Task::Multiclass,
        sklearn_loader: Some("load_iris"),
        image: None,
    },
    BuiltinTable {
        name: "wine",
        title: "Wine",
        summary: "3 classes",
        file: "wine.csv",
        task: Task::Multiclass,
        sklearn_loader: Some("load_wine"),
        image: None,
    },
    BuiltinTable {
        name: "breast_cancer",
        title: "Breast Cancer",
        summary: "binary",
        file: "breast_cancer.csv",
        task: Task::Binary,
        sklearn_loader: Some("load_breast_cancer"),
        image: None,
    },
    BuiltinTable {
        name: "digits",
        title: "Digits 8×8",
        summary: "10 classes",
        file: "digits.csv",
        task: Task::Multiclass,
        sklearn_loader: Some("load_digits"),
        image: Some([8, 8]),
    },
    BuiltinTable {
        name: "example",
        title: "Example data.csv",
        summary: "10 features",
        file: "data.csv",
        task: Task::Binary,
        sklearn_loader: None,
        image: None,
    },
    BuiltinTable {
        name: "text",
        title: "Sentences",
        summary: "text",
        file: "sentences.csv",
        task: Task::Binary,
        sklearn_loader: None,
        image: None,
    },
];

/// The built-in table called `name`.
pub fn table(name: &str) -> Option<&'static BuiltinTable> {
    TABLES.iter().find(|t| t.name == name)
}

/// One entry of the data-set menu: a 2-D generator or a built-in table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BuiltinSet {
    /// A 2-D generator: `DataTable.toy(name, ...)`.
    Toy {
        name: &'static str,
        title: &'static str,
        task: Task,
    },
    /// A file under `www/datasets/`.
    Table(BuiltinTable),
}

/// Every built-in data set, the 2-D ones first.
pub fn sets() -> Vec<BuiltinSet> {
    Toy::ALL
        .iter()
        .map(|&t| BuiltinSet::Toy {
            name: t.name(),
            title: t.title(),
            task: t.task(),
        })
        .chain(TABLES.iter().map(|&t| BuiltinSet::Table(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table the list names is in `www/datasets/` with the task the list says.
    #[test]
    fn the_listed_files_exist_with_their_tasks() {
        for t in TABLES {
            let path = format!("{}/www/datasets/{}", env!("CARGO_MANIFEST_DIR"), t.file);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let table = super::super::parse_csv(&bytes, &Default::default()).unwrap();
            let stats = super::super::column_stats(&table);
            let schema =
                super::super::Schema::resolve(&table, &stats, &Default::default()).unwrap();
            assert_eq!(schema.task, t.task, "{}", t.name);
            if let Some([w, h]) = t.image {
                assert_eq!(schema.features().len(), w * h, "{}", t.name);
            }
        }
    }
}
