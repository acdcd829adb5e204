//! A feature's histogram over the training rows, as in the file and as the network sees it
//! (after the scaler fitted on those rows), with the scaler's fitted parameters — the
//! "why scale" picture. Scaling is affine per feature, so both histograms have the same
//! counts: one set of counts is given with the two sets of bin edges.

use serde::Serialize;

use crate::data::prepare::Prepared;
use crate::data::scale::Scaling;
use crate::error::{Error, Result};

/// The most bins of a histogram.
pub const MAX_BINS: usize = 200;

/// One feature's histogram over the training part.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    /// The feature's name (an input of the network).
    pub feature: String,
    /// Its index among the inputs.
    pub index: usize,
    /// The training rows counted (the rows the scaler was fitted on).
    pub rows: usize,
    /// `none`, `minmax` or `zscore`.
    pub scaling: String,
    /// The scaler's parameters for this feature: `x' = (x − center) / spread` (for
    /// z-score the mean and the population standard deviation, for min-max the minimum and
    /// `max − min`); `None` when the feature is not scaled.
    pub center: Option<f32>,
    pub spread: Option<f32>,
    /// Rows per bin, `bins` of them.
    pub counts: Vec<usize>,
    /// `bins + 1` edges as in the file, from the training minimum to the maximum.
    pub edges: Vec<f64>,
    /// The same edges after scaling.
    pub scaled_edges: Vec<f64>,
}

impl Prepared {
    /// The histogram of input `index` over the training rows in `bins` equal bins between
    /// their smallest and largest value (the last bin holds the maximum).
    ///
    /// # Errors
    /// An input or a number of bins out of range, or no training rows.
    pub fn histogram(&self, index: usize, bins: usize) -> Result<Histogram> {
        let inputs = self.preprocessor.width();
        if index >= inputs {
            return Err(Error::config(
                "feature",
                format!("the data has {inputs} inputs, not input {index}"),
            ));
        }
        if !(1..=MAX_BINS).contains(&bins) {
            return Err(Error::config(
                "bins",
                format!("must be 1 to {MAX_BINS}, got {bins}"),
            ));
        }
        if self.train.is_empty() {
            return Err(Error::config("part", "the training part has no rows"));
        }
        let scaler = &self.preprocessor.scaler;
        let scaled = scaler.kind != Scaling::None && !scaler.center.is_empty();
        let (center, spread) = if scaled {
            (scaler.center[index] as f64, scaler.spread[index] as f64)
        } else {
            (0.0, 1.0)
        };
        let values: Vec<f64> = self
            .train
            .x
            .chunks_exact(inputs)
            .map(|row| row[index] as f64)
            .collect();
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let width = hi - lo;
        let mut counts = vec![0; bins];
        for v in &values {
            let k = if width > 0.0 {
                (((v - lo) / width) * bins as f64).floor() as usize
            } else {
                0
            };
            counts[k.min(bins - 1)] += 1;
        }
        // Edges on the scaled axis (the values the data holds); the file's edges by undoing
        // the scaler.
        let scaled_edges: Vec<f64> = (0..=bins)
            .map(|i| lo + width * i as f64 / bins as f64)
            .collect();
        let edges = scaled_edges.iter().map(|e| e * spread + center).collect();
        Ok(Histogram {
            feature: self.preprocessor.feature_names()[index].clone(),
            index,
            rows: values.len(),
            scaling: scaler.kind.name().to_string(),
            center: scaled.then_some(center as f32),
            spread: scaled.then_some(spread as f32),
            counts,
            edges,
            scaled_edges,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::data::{
        column_stats, parse_csv, prepare, CsvOptions, DataConfig, Prepared, Scaling, Schema,
    };

    /// `x` on five training rows (1, 2, 2, 3, 7) and one test row (100), split by a column.
    fn data(scaling: Scaling) -> Prepared {
        let csv =
            "x,label,part\n1,a,train\n2,b,train\n100,a,test\n2,a,train\n3,b,train\n7,a,train\n";
        let table = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
        let mut config = DataConfig {
            scaling,
            ..Default::default()
        };
        config.split.column = Some("part".into());
        config.label = Some("label".into());
        let schema = Schema::resolve(&table, &column_stats(&table), &config).unwrap();
        prepare(&table, &schema).unwrap()
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-5, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn zscore_counts_the_training_rows_with_the_fitted_mean_and_std() {
        let h = data(Scaling::Zscore).histogram(0, 3).unwrap();
        // Edges 1, 3, 5, 7: 1, 2, 2 in the first bin, 3 in the second, 7 (the maximum) in
        // the last; the test row's 100 is not counted.
        assert_eq!((h.rows, h.counts.clone()), (5, vec![3, 1, 1]));
        close(&h.edges, &[1.0, 3.0, 5.0, 7.0]);
        // Mean 15 / 5 = 3; population variance (4 + 1 + 1 + 0 + 16) / 5 = 4.4.
        let std = 4.4f64.sqrt();
        assert_eq!(h.scaling, "zscore");
        assert!((h.center.unwrap() as f64 - 3.0).abs() < 1e-6);
        assert!((h.spread.unwrap() as f64 - std).abs() < 1e-6);
        let z: Vec<f64> = [1.0, 3.0, 5.0, 7.0]
            .iter()
            .map(|v| (v - 3.0) / std)
            .collect();
        close(&h.scaled_edges, &z);
        assert_eq!(h.feature, "x");
    }

    #[test]
    fn minmax_puts_the_training_range_on_zero_to_one() {
        let h = data(Scaling::MinMax).histogram(0, 2).unwrap();
        // Edges 1, 4, 7: 1, 2, 2, 3 below 4; 7 above.
        assert_eq!(h.counts, vec![4, 1]);
        close(&h.edges, &[1.0, 4.0, 7.0]);
        close(&h.scaled_edges, &[0.0, 0.5, 1.0]);
        assert_eq!((h.center, h.spread), (Some(1.0), Some(6.0)));
    }

    #[test]
    fn unscaled_features_have_one_axis_and_bad_requests_are_named() {
        let d = data(Scaling::None);
        let h = d.histogram(0, 6).unwrap();
        // Width 1 per bin from 1 to 7: 1 | 2 2 | 3 | - | - | 7.
        assert_eq!(h.counts, vec![1, 2, 1, 0, 0, 1]);
        assert_eq!(h.edges, h.scaled_edges);
        assert_eq!(
            (h.center, h.spread, h.scaling.as_str()),
            (None, None, "none")
        );
        let e = d.histogram(1, 4).unwrap_err().to_string();
        assert!(e.contains("feature") && e.contains("1 inputs"), "{e}");
        let e = d.histogram(0, 0).unwrap_err().to_string();
        assert!(e.contains("bins"), "{e}");
    }
}
