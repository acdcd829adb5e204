//! Distillation side by side with training from scratch: two students of the same
//! architecture start from the same weights; one learns from a trained teacher's soft
//! targets and the labels ([`crate::nn::distill`]), the other from the labels alone. Both
//! see the same batches in the same order (their random-number generators start equal and
//! are drawn on alike), and both are scored on the data's test part, beside the teacher.
//!
//! [`Distiller::train_epoch`] advances both students by one epoch (a page shows the
//! progress from its worker); [`Distiller::run`] trains to the end and gives the report.

use serde::{Deserialize, Serialize};

use crate::data::{Part, Prepared};
use crate::error::{Error, Result};
use crate::nn::{Distillation, Loss, Model, ModelConfig, OptimizerConfig};
use crate::train::dataset::Dataset;
use crate::train::trainer::{EarlyStopping, EpochLog, TrainConfig, Trainer};

/// How the students train: `{ temperature: 4, alpha: 0.9, epochs: 100, batchSize: 32,
/// shuffle: true, earlyStopping, optimizer, learningRate, seed }`. `optimizer` defaults to
/// the teacher's settings (with fresh state), `learningRate` replaces its rate, and `seed`
/// (the students' weights, dropout and batch order) replaces the student configuration's.
/// Early stopping watches each student's loss on the data's validation part (the labels
/// alone, so both students watch the same quantity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DistillOptions {
    pub temperature: f32,
    pub alpha: f32,
    pub epochs: usize,
    #[serde(alias = "batch_size")]
    pub batch_size: usize,
    pub shuffle: bool,
    #[serde(alias = "early_stopping", skip_serializing_if = "Option::is_none")]
    pub early_stopping: Option<EarlyStopping>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimizer: Option<OptimizerConfig>,
    #[serde(alias = "learning_rate", skip_serializing_if = "Option::is_none")]
    pub learning_rate: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Default for DistillOptions {
    fn default() -> Self {
        let d = Distillation::default();
        DistillOptions {
            temperature: d.temperature,
            alpha: d.alpha,
            epochs: 100,
            batch_size: 32,
            shuffle: true,
            early_stopping: None,
            optimizer: None,
            learning_rate: None,
            seed: None,
        }
    }
}

impl DistillOptions {
    pub fn distillation(&self) -> Distillation {
        Distillation {
            temperature: self.temperature,
            alpha: self.alpha,
        }
    }

    /// The training run each student gets.
    pub fn fit(&self) -> TrainConfig {
        TrainConfig {
            epochs: self.epochs,
            batch_size: self.batch_size,
            shuffle: self.shuffle,
            validation_split: None,
            early_stopping: self.early_stopping.clone(),
        }
    }

    /// # Errors
    /// Impossible distillation ([`Distillation::check`]) or training settings
    /// ([`TrainConfig::check`]).
    pub fn check(&self) -> Result<()> {
        self.distillation().check()?;
        self.fit().check()
    }
}

/// A network's size and how it does on the test part.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    pub parameters: usize,
    /// The plain loss (cross-entropy, with any penalty) on the test part.
    pub test_loss: f64,
    pub test_accuracy: Option<f64>,
}

/// A student's epoch: its training log (the distilled student's loss is the distillation
/// loss; validation figures are on the labels alone) and its test figures after it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudentEpoch {
    #[serde(flatten)]
    pub log: EpochLog,
    pub test_loss: f64,
    pub test_accuracy: Option<f64>,
}

/// What [`Distiller::train_epoch`] did: each student's epoch (`None` for a student whose
/// run had already ended, by early stopping) and whether both runs are over.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DistillEpoch {
    pub epoch: usize,
    pub distilled: Option<StudentEpoch>,
    pub scratch: Option<StudentEpoch>,
    pub finished: bool,
}

/// The comparison: the teacher, the distilled student and the student trained from
/// scratch, with the settings and the epochs each student trained.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DistillReport {
    pub temperature: f32,
    pub alpha: f32,
    pub teacher: Scores,
    pub distilled: Scores,
    pub scratch: Scores,
    pub distilled_epochs: usize,
    pub scratch_epochs: usize,
    pub finished: bool,
}

/// Two students in training, one distilled from a teacher and one from scratch.
#[derive(Clone, Debug)]
pub struct Distiller {
    distillation: Distillation,
    teacher: Scores,
    distilled: Model,
    scratch: Model,
    distilled_run: Trainer,
    scratch_run: Trainer,
    test: Dataset,
}

/// `part` as a dataset of class labels, or `what` is missing.
fn labelled(part: &Part, inputs: usize, what: &str) -> Result<Dataset> {
    if part.is_empty() {
        return Err(Error::data(
            format!("the {what} part"),
            "has no rows; the comparison needs training and test rows",
        ));
    }
    Dataset::from_part(part, inputs)
}

impl Distiller {
    /// Checks everything and builds the two students; no training happens yet. The
    /// student's `inputs` may be left at 0 (the data's are used); its output layer must
    /// have as many units as the teacher's.
    ///
    /// # Errors
    /// Impossible options or student architecture, a teacher that is not a compiled
    /// classifier for this data, a student output layer that does not fit the teacher's
    /// loss, or a data set without training or test rows.
    pub fn new(
        teacher: &mut Model,
        data: &Prepared,
        mut student: ModelConfig,
        options: &DistillOptions,
    ) -> Result<Distiller> {
        options.check()?;
        let compiled = teacher.compiled().ok_or_else(|| {
            Error::State("the teacher is not compiled (nor trained): train it first".into())
        })?;
        let loss = compiled.loss;
        Distillation::check_loss(loss)?;
        let mut optimizer = options
            .optimizer
            .clone()
            .unwrap_or_else(|| compiled.optimizer.config().clone());
        if let Some(lr) = options.learning_rate {
            optimizer.learning_rate = lr;
        }
        let inputs = data.inputs();
        if teacher.inputs() != inputs || teacher.outputs() != data.outputs() {
            return Err(Error::shape(
                "teacher",
                format!(
                    "a network for this data ({inputs} inputs, {} outputs)",
                    data.outputs()
                ),
                format!("{} inputs, {} outputs", teacher.inputs(), teacher.outputs()),
            ));
        }
        if student.inputs == 0 {
            student.inputs = inputs;
        }
        if let Some(seed) = options.seed {
            student.seed = seed;
        }
        if student.inputs != inputs || student.outputs() != teacher.outputs() {
            return Err(Error::config(
                "student",
                format!(
                    "must take the data's {inputs} inputs and end in the teacher's {} output \
                     units, not {} → {}",
                    teacher.outputs(),
                    student.inputs,
                    student.outputs()
                ),
            ));
        }
        let train = labelled(&data.train, inputs, "training")?;
        let test = labelled(&data.test, inputs, "test")?;
        let val = (!data.validation.is_empty())
            .then(|| Dataset::from_part(&data.validation, inputs))
            .transpose()?;
        let mut scratch = Model::new(student)?;
        scratch.compile(loss, optimizer)?;
        let mut distilled = scratch.clone();
        let distillation = options.distillation();
        distilled.set_distillation(Some(distillation))?;

        // Each training row: its label, then the teacher's logits.
        let units = teacher.outputs();
        let logits = teacher.logits(train.x_slice())?;
        let mut soft = Vec::with_capacity(train.rows() * (1 + units));
        for (label, z) in train.y_slice().iter().zip(logits.chunks_exact(units)) {
            soft.push(*label);
            soft.extend_from_slice(z);
        }
        let soft = Dataset::from_vecs(train.x_slice().to_vec(), inputs, soft, 1 + units)?;
        let distilled_run = Trainer::new(&distilled, soft, val.clone(), options.fit())?;
        let scratch_run = Trainer::new(&scratch, train, val, options.fit())?;
        let teacher = scores(teacher, &test)?;
        Ok(Distiller {
            distillation,
            teacher,
            distilled,
            scratch,
            distilled_run,
            scratch_run,
            test,
        })
    }

    /// Trains each student whose run is not over by one epoch and scores it on the test
    /// part.
    ///
    /// # Errors
    /// Both runs over already, or a diverging run (the student keeps its last finite
    /// weights).
    pub fn train_epoch(&mut self) -> Result<DistillEpoch> {
        if self.finished() {
            return Err(Error::State(
                "the distillation has finished; start a new one to train further".into(),
            ));
        }
        let distilled = student_epoch(&mut self.distilled_run, &mut self.distilled, &self.test)?;
        let scratch = student_epoch(&mut self.scratch_run, &mut self.scratch, &self.test)?;
        Ok(DistillEpoch {
            epoch: self.epoch(),
            distilled,
            scratch,
            finished: self.finished(),
        })
    }

    /// Trains both students to the end of their runs and reports.
    ///
    /// # Errors
    /// As [`Distiller::train_epoch`].
    pub fn run(&mut self) -> Result<DistillReport> {
        while !self.finished() {
            self.train_epoch()?;
        }
        self.report()
    }

    /// The three networks' test figures as they stand.
    ///
    /// # Errors
    /// None in practice (the test part was checked up front).
    pub fn report(&mut self) -> Result<DistillReport> {
        Ok(DistillReport {
            temperature: self.distillation.temperature,
            alpha: self.distillation.alpha,
            teacher: self.teacher,
            distilled: scores(&mut self.distilled, &self.test)?,
            scratch: scores(&mut self.scratch, &self.test)?,
            distilled_epochs: self.distilled_run.epoch(),
            scratch_epochs: self.scratch_run.epoch(),
            finished: self.finished(),
        })
    }

    /// Whether both students' runs are over.
    pub fn finished(&self) -> bool {
        self.distilled_run.finished() && self.scratch_run.finished()
    }

    /// The most epochs either student has trained.
    pub fn epoch(&self) -> usize {
        self.distilled_run.epoch().max(self.scratch_run.epoch())
    }

    /// The student trained with the teacher (still set to distil).
    pub fn distilled(&self) -> &Model {
        &self.distilled
    }

    /// The student trained from the labels alone.
    pub fn scratch(&self) -> &Model {
        &self.scratch
    }

    /// A copy of the distilled student set to train plainly (on labels alone) from here,
    /// as a model of its own.
    pub fn distilled_student(&self) -> Model {
        let mut m = self.distilled.clone();
        m.set_distillation(None).expect("compiled in new");
        m
    }

    /// The loss both students train with (the teacher's).
    pub fn loss(&self) -> Loss {
        self.scratch.loss().expect("compiled in new")
    }
}

/// One more epoch of `run` (none when it is over) and the test figures after it.
fn student_epoch(
    run: &mut Trainer,
    model: &mut Model,
    test: &Dataset,
) -> Result<Option<StudentEpoch>> {
    if run.finished() {
        return Ok(None);
    }
    let log = run.run_epoch(model)?;
    let s = scores(model, test)?;
    Ok(Some(StudentEpoch {
        log,
        test_loss: s.test_loss,
        test_accuracy: s.test_accuracy,
    }))
}

fn scores(model: &mut Model, test: &Dataset) -> Result<Scores> {
    let e = model.evaluate(test.x_slice(), test.y_slice(), test.rows())?;
    Ok(Scores {
        parameters: model.parameter_count(),
        test_loss: e.loss,
        test_accuracy: e.accuracy,
    })
}
