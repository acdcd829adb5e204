//! Train / validation / test splits and k-fold partitions, stratified by class when there
//! are classes, seeded so the same seed gives the same rows.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::rng::Rng;

/// Fractions of the rows held out for validation and test, and the seed of the shuffle;
/// or a column whose values name each row's part. `{ test: 0, validation: 0 }` trains on
/// every row (with no test scores).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SplitConfig {
    pub validation: f64,
    pub test: f64,
    pub seed: u64,
    /// Keep each class's share the same in every part (classification only).
    pub stratify: bool,
    /// A column whose values (`train`, `validation`, `test`, any case; also `val`, `valid`,
    /// `dev`, `training`, `testing`) put each row in its part; the fractions and the seed are
    /// then unused. The column is not an input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Default for SplitConfig {
    fn default() -> Self {
        SplitConfig {
            validation: 0.0,
            test: 0.2,
            seed: 1,
            stratify: true,
            column: None,
        }
    }
}

impl SplitConfig {
    pub fn check(&self) -> Result<()> {
        for (name, v) in [
            ("split.validation", self.validation),
            ("split.test", self.test),
        ] {
            if !(v.is_finite() && (0.0..1.0).contains(&v)) {
                return Err(Error::config(name, format!("must be in [0, 1), got {v}")));
            }
        }
        if self.validation + self.test >= 1.0 {
            return Err(Error::config(
                "split",
                format!(
                    "validation {} and test {} leave nothing to train on; together they must be \
                     below 1",
                    self.validation, self.test
                ),
            ));
        }
        Ok(())
    }
}

/// Positions (into the rows that were split) of each part, each part in shuffled order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub validation: Vec<usize>,
    pub test: Vec<usize>,
}

/// The part a split column's value names, if it names one.
pub fn part_named(value: &str) -> Option<super::PartName> {
    use super::PartName;
    match value.trim().to_ascii_lowercase().as_str() {
        "train" | "training" => Some(PartName::Train),
        "validation" | "valid" | "val" | "dev" => Some(PartName::Validation),
        "test" | "testing" => Some(PartName::Test),
        _ => None,
    }
}

/// Splits `n` rows. With `classes` (the class of each row) and `config.stratify`, every
/// class's count in each part is within one row of its exact share (largest-remainder
/// rounding); the part sizes are `round(n × ratio)` either way.
///
/// # Errors
/// Bad ratios, `classes` of the wrong length, or a split that leaves no training rows.
pub fn split(n: usize, classes: Option<&[usize]>, config: &SplitConfig) -> Result<Split> {
    config.check()?;
    let mut rng = Rng::seed(config.seed);
    let n_test = (n as f64 * config.test).round() as usize;
    let n_val = (n as f64 * config.validation).round() as usize;
    let mut out = Split::default();
    match classes.filter(|_| config.stratify) {
        Some(classes) => {
            let mut groups = groups(n, classes)?;
            for g in &mut groups {
                rng.shuffle(g);
            }
            let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
            let test = allocate(&sizes, config.test, n_test, &vec![0; sizes.len()]);
            let val = allocate(&sizes, config.validation, n_val, &test);
            for (g, (t, v)) in groups.iter().zip(test.iter().zip(&val)) {
                out.test.extend_from_slice(&g[..*t]);
                out.validation.extend_from_slice(&g[*t..t + v]);
                out.train.extend_from_slice(&g[t + v..]);
            }
            rng.shuffle(&mut out.train);
            rng.shuffle(&mut out.validation);
            rng.shuffle(&mut out.test);
        }
        None => {
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            let n_test = n_test.min(n);
            let n_val = n_val.min(n - n_test);
            out.test = order[..n_test].to_vec();
            out.validation = order[n_test..n_test + n_val].to_vec();
            out.train = order[n_test + n_val..].to_vec();
        }
    }
    if out.train.is_empty() {
        return Err(Error::data(
            "split",
            format!(
                "{n} row(s) with validation {} and test {} leave no rows to train on",
                config.validation, config.test
            ),
        ));
    }
    Ok(out)
}

/// Partitions `n` rows into `k` folds of sizes differing by at most one. With `classes`,
/// each class is dealt round-robin over the folds, so every fold holds within one row of
/// the class's exact share. Every row is in exactly one fold.
///
/// # Errors
/// `k < 2`, `k > n`, or `classes` of the wrong length.
pub fn kfold(n: usize, classes: Option<&[usize]>, k: usize, seed: u64) -> Result<Vec<Vec<usize>>> {
    if k < 2 {
        return Err(Error::config(
            "folds",
            format!("must be at least 2, got {k}"),
        ));
    }
    if k > n {
        return Err(Error::config(
            "folds",
            format!("{k} folds need at least {k} rows; there are {n}"),
        ));
    }
    let mut rng = Rng::seed(seed);
    let order: Vec<usize> = match classes {
        Some(classes) => {
            let mut groups = groups(n, classes)?;
            for g in &mut groups {
                rng.shuffle(g);
            }
            groups.concat()
        }
        None => {
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            order
        }
    };
    let mut folds = vec![Vec::with_capacity(n / k + 1); k];
    for (j, &row) in order.iter().enumerate() {
        folds[j % k].push(row);
    }
    Ok(folds)
}

/// Row positions grouped by class, in class order.
fn groups(n: usize, classes: &[usize]) -> Result<Vec<Vec<usize>>> {
    if classes.len() != n {
        return Err(Error::shape("classes", n, classes.len()));
    }
    let count = classes.iter().max().map_or(0, |&m| m + 1);
    let mut groups = vec![Vec::new(); count];
    for (i, &c) in classes.iter().enumerate() {
        groups[c].push(i);
    }
    Ok(groups)
}

/// Splits `total` over groups in proportion to `sizes × ratio`: each group gets the floor of
/// its share, and the rows left go to the largest remainders (ties to the earlier group),
/// never more than a group has left after `taken`.
fn allocate(sizes: &[usize], ratio: f64, total: usize, taken: &[usize]) -> Vec<usize> {
    let shares: Vec<f64> = sizes.iter().map(|&s| s as f64 * ratio).collect();
    let room: Vec<usize> = sizes.iter().zip(taken).map(|(s, t)| s - t).collect();
    let mut counts: Vec<usize> = shares
        .iter()
        .zip(&room)
        .map(|(s, &r)| (s.floor() as usize).min(r))
        .collect();
    let mut left = total.saturating_sub(counts.iter().sum());
    // Largest remainder first, ties to the lower class index. An insertion sort: there are
    // few classes, and it keeps the module smaller than the general sort.
    let remainder = |g: usize| shares[g] - shares[g].floor();
    let before = |a: usize, b: usize| {
        let (ra, rb) = (remainder(a), remainder(b));
        ra > rb || (ra == rb && a < b)
    };
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && before(order[j], order[j - 1]) {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    for &g in &order {
        if left == 0 {
            break;
        }
        if counts[g] < room[g] && (counts[g] as f64) < shares[g] {
            counts[g] += 1;
            left -= 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_allocation() {
        // 10 rows × 0.55: shares 3.3, 1.65, 0.55, total round(5.5) = 6; floors 3, 1, 0, then
        // one row each to the largest remainders 0.65 and 0.55.
        assert_eq!(allocate(&[6, 3, 1], 0.55, 6, &[0, 0, 0]), vec![3, 2, 1]);
        // A group never gets more than it has left.
        assert_eq!(allocate(&[1, 1], 0.5, 1, &[1, 0]), vec![0, 1]);
    }

    #[test]
    fn folds_need_two_to_n() {
        assert!(kfold(5, None, 1, 0).is_err());
        assert!(kfold(5, None, 6, 0).is_err());
        let folds = kfold(5, None, 5, 0).unwrap();
        assert!(folds.iter().all(|f| f.len() == 1));
    }
}
