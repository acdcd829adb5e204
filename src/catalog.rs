//! Every name and default the page offers, in one value: the page builds its menus and
//! fills its defaults from [`catalog`] (the JavaScript `catalog()`), so no list is written
//! twice.

use serde::Serialize;

use crate::data::builtin::{self, BuiltinSet};
use crate::data::config::{ColumnType, LabelKind, MissingPolicy, Role, TextMethod};
use crate::data::toy::{ToyOptions, Transform, DOMAIN};
use crate::data::{DataConfig, Scaling, SplitConfig};
use crate::names::names_of;
use crate::nn::model::MAX_PARAMETERS;
use crate::nn::{Activation, Init, Loss, OptimizerConfig, OptimizerKind, Schedule};
use crate::suggested::{self, Suggested};
use crate::task::Task;
use crate::train::{DistillOptions, EarlyStopping, TrainConfig};

/// An activation and, where it takes one, its default `alpha`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivationEntry {
    pub name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f32>,
    /// Normalises across a layer's units (softmax): meant for an output layer.
    pub output_only: bool,
}

/// A loss and the task it is for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LossEntry {
    pub name: &'static str,
    pub task: Task,
}

/// An optimizer: its hyperparameters (keys of `defaults`, in panel order) and Keras's
/// defaults for them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptimizerEntry {
    pub name: &'static str,
    pub hyperparameters: Vec<&'static str>,
    pub defaults: OptimizerConfig,
}

/// A task and the output layer and loss it trains with by default.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskEntry {
    pub name: &'static str,
    pub loss: Loss,
    pub output_activation: Activation,
}

/// A 2-D input feature and how it reads on screen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TransformEntry {
    pub name: &'static str,
    pub label: &'static str,
}

/// An entry of the data-set menu and, for a built-in table, the settings it suggests
/// (see [`crate::suggested`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatasetEntry {
    #[serde(flatten)]
    pub set: BuiltinSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Suggested>,
}

/// The defaults of the option objects the page builds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Defaults {
    pub fit: TrainConfig,
    pub early_stopping: EarlyStopping,
    pub split: SplitConfig,
    pub data: DataConfig,
    pub toy: ToyOptions,
    /// A `Distiller`'s options (`optimizer` absent: the teacher's).
    pub distill: DistillOptions,
}

/// See the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub activations: Vec<ActivationEntry>,
    pub initializers: Vec<&'static str>,
    pub losses: Vec<LossEntry>,
    pub optimizers: Vec<OptimizerEntry>,
    /// One schedule of each type with its defaults.
    pub schedules: Vec<Schedule>,
    pub tasks: Vec<TaskEntry>,
    pub transforms: Vec<TransformEntry>,
    pub scalings: Vec<&'static str>,
    pub missing_policies: Vec<&'static str>,
    pub column_types: Vec<&'static str>,
    pub roles: Vec<&'static str>,
    pub label_kinds: Vec<&'static str>,
    pub text_methods: Vec<&'static str>,
    /// The data-set menu: the 2-D generators, then the built-in tables with their
    /// suggested settings.
    pub datasets: Vec<DatasetEntry>,
    /// The 2-D sets' points lie in `[-toyDomain, toyDomain]²`.
    pub toy_domain: f32,
    pub max_parameters: usize,
    pub defaults: Defaults,
}

/// See the module documentation.
pub fn catalog() -> Catalog {
    Catalog {
        activations: Activation::ALL
            .iter()
            .map(|&a| ActivationEntry {
                name: a.name(),
                alpha: matches!(a, Activation::LeakyRelu | Activation::Elu)
                    .then(|| a.default_alpha()),
                output_only: a == Activation::Softmax,
            })
            .collect(),
        initializers: names_of::<Init>(),
        losses: Loss::ALL
            .iter()
            .map(|&l| LossEntry {
                name: l.name(),
                task: l.task(),
            })
            .collect(),
        optimizers: OptimizerKind::ALL
            .iter()
            .map(|&k| OptimizerEntry {
                name: k.name(),
                hyperparameters: k.hyperparameters().iter().map(|h| h.key()).collect(),
                defaults: OptimizerConfig::new(k),
            })
            .collect(),
        schedules: Schedule::examples().to_vec(),
        tasks: Task::ALL
            .iter()
            .map(|&t| TaskEntry {
                name: t.name(),
                loss: Loss::for_task(t),
                output_activation: Activation::for_task(t),
            })
            .collect(),
        transforms: Transform::ALL
            .iter()
            .map(|&t| TransformEntry {
                name: t.name(),
                label: t.label(),
            })
            .collect(),
        scalings: names_of::<Scaling>(),
        missing_policies: names_of::<MissingPolicy>(),
        column_types: names_of::<ColumnType>(),
        roles: names_of::<Role>(),
        label_kinds: names_of::<LabelKind>(),
        text_methods: names_of::<TextMethod>(),
        datasets: builtin::sets()
            .into_iter()
            .map(|set| DatasetEntry {
                settings: match &set {
                    BuiltinSet::Table(t) => suggested::for_table(t.name),
                    BuiltinSet::Toy { .. } => None,
                },
                set,
            })
            .collect(),
        toy_domain: DOMAIN,
        max_parameters: MAX_PARAMETERS,
        defaults: Defaults {
            fit: TrainConfig::default(),
            early_stopping: EarlyStopping::default(),
            split: SplitConfig::default(),
            data: DataConfig::default(),
            toy: ToyOptions::default(),
            distill: DistillOptions::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Named;

    /// Every name the catalog lists reads back as itself (so a menu choice is accepted).
    #[test]
    fn listed_names_parse_back() {
        fn round_trip<T: Named + PartialEq + std::fmt::Debug>() {
            for &v in T::all() {
                assert_eq!(T::parse(v.name()).unwrap(), v);
                assert_eq!(T::parse(&v.name().to_uppercase()).unwrap(), v);
            }
        }
        macro_rules! round_trips {
            ($($t:ty),*) => { $(round_trip::<$t>();)* };
        }
        round_trips!(
            Activation,
            Init,
            Loss,
            OptimizerKind,
            Task,
            Scaling,
            MissingPolicy,
            ColumnType,
            Role,
            LabelKind,
            TextMethod,
            Transform,
            crate::data::Toy
        );
        let c = catalog();
        assert_eq!(c.datasets.len(), 6 + builtin::TABLES.len());
        assert_eq!(c.tasks.len(), 3);
        let text = crate::json::to_text(&c);
        assert!(
            text.contains(
                r#""name":"adam","hyperparameters":["learningRate","beta1","beta2","epsilon"]"#
            ),
            "{text}"
        );
        // Every table suggests settings, under the page's names; the 2-D sets none.
        for d in &c.datasets {
            assert_eq!(
                d.settings.is_some(),
                matches!(d.set, BuiltinSet::Table(_)),
                "{d:?}"
            );
        }
        assert!(
            text.contains(r#""kind":"table","name":"digits","#)
                && text.contains(r#""settings":{"layers":[{"units":128,"activation":"relu","dropout":0.0}],"optimizer":"adam","learningRate":"#),
            "{text}"
        );
        // A Distiller's defaults, as `DistillOptions::default()` gives them.
        assert!(
            text.contains(
                r#""distill":{"temperature":4.0,"alpha":0.9,"epochs":100,"batchSize":32,"shuffle":true}"#
            ),
            "{text}"
        );
    }
}
