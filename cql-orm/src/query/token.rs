//! Murmur3 token ranges, for splitting a full-table scan into independent slices.

/// The half-open token interval `(start, end]` of the Murmur3 partitioner.
///
/// ```
/// use cql_orm::query::TokenRange;
/// let parts = TokenRange::FULL.split(4);
/// assert_eq!(parts.len(), 4);
/// assert_eq!(parts[0].start, i64::MIN);
/// assert_eq!(parts[3].end, i64::MAX);
/// assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenRange {
    /// Exclusive lower bound.
    pub start: i64,
    /// Inclusive upper bound.
    pub end: i64,
}

impl TokenRange {
    /// Every token: `(-2^63, 2^63 - 1]`. (`-2^63` itself is never a Murmur3 token.)
    pub const FULL: TokenRange = TokenRange {
        start: i64::MIN,
        end: i64::MAX,
    };

    /// `n` contiguous ranges of (nearly) equal width covering this one, in token order.
    /// `n = 0` is treated as 1.
    pub fn split(&self, n: usize) -> Vec<TokenRange> {
        let n = n.max(1) as i128;
        let (start, end) = (i128::from(self.start), i128::from(self.end));
        let width = end - start;
        (0..n)
            .map(|i| TokenRange {
                start: clamp(start + width * i / n),
                end: clamp(start + width * (i + 1) / n),
            })
            .collect()
    }
}

fn clamp(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[cfg(test)]
mod tests {
    use super::TokenRange;

    #[test]
    fn splits_cover_the_range_without_gaps_or_overlap() {
        for n in [1, 2, 3, 7, 64, 1000] {
            let parts = TokenRange::FULL.split(n);
            assert_eq!(parts.len(), n);
            assert_eq!(parts[0].start, i64::MIN);
            assert_eq!(parts[n - 1].end, i64::MAX);
            for w in parts.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                assert!(w[0].start < w[0].end);
            }
        }
        let r = TokenRange {
            start: -10,
            end: 10,
        };
        assert_eq!(
            r.split(4),
            vec![
                TokenRange {
                    start: -10,
                    end: -5
                },
                TokenRange { start: -5, end: 0 },
                TokenRange { start: 0, end: 5 },
                TokenRange { start: 5, end: 10 },
            ]
        );
        assert_eq!(r.split(0), vec![r]);
    }
}
