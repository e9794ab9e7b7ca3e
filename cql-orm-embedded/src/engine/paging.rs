//! The opaque paging state: where the previous page stopped and how many rows it returned.

use crate::error::{CqlError, CqlResult};
use crate::types::CqlType;
use crate::value::Value;
use crate::values;

use super::storage::PartitionPos;

const VERSION: u8 = 1;

/// Where a page stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingState {
    /// The partition of the last returned row.
    pub partition: PartitionPos,
    /// The clustering key of the last returned row; `None` when the partition is done.
    pub clustering: Option<Vec<Value>>,
    /// Rows returned by all previous pages (for LIMIT).
    pub returned: u64,
    /// Rows returned from the last partition (for PER PARTITION LIMIT).
    pub in_partition: u64,
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> CqlResult<&[u8]> {
        if self.buf.len() < n {
            return Err(CqlError::protocol("Invalid value for the paging state"));
        }
        let (a, b) = self.buf.split_at(n);
        self.buf = b;
        Ok(a)
    }
    fn u8(&mut self) -> CqlResult<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> CqlResult<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> CqlResult<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
    fn bytes(&mut self) -> CqlResult<Vec<u8>> {
        let n = self.u32()? as usize;
        Ok(self.take(n)?.to_vec())
    }
}

impl PagingState {
    /// Encodes the state; clustering values are serialised with `types`.
    pub fn encode(&self, types: &[CqlType]) -> Vec<u8> {
        let mut out = vec![VERSION];
        out.extend_from_slice(&self.partition.token.to_be_bytes());
        put_bytes(&mut out, &self.partition.bytes);
        match &self.clustering {
            None => out.push(0),
            Some(ck) => {
                out.push(1);
                out.extend_from_slice(&(ck.len() as u32).to_be_bytes());
                for (v, t) in ck.iter().zip(types.iter()) {
                    put_bytes(&mut out, &values::serialize(t, v));
                }
            }
        }
        out.extend_from_slice(&self.returned.to_be_bytes());
        out.extend_from_slice(&self.in_partition.to_be_bytes());
        out
    }

    /// Decodes a state produced by [`PagingState::encode`].
    pub fn decode(buf: &[u8], types: &[CqlType]) -> CqlResult<Self> {
        let mut r = Reader { buf };
        if r.u8()? != VERSION {
            return Err(CqlError::protocol("Invalid value for the paging state"));
        }
        let token = r.u64()? as i64;
        let bytes = r.bytes()?;
        let clustering = if r.u8()? == 1 {
            let n = r.u32()? as usize;
            let mut ck = Vec::with_capacity(n);
            for i in 0..n {
                let b = r.bytes()?;
                let t = types
                    .get(i)
                    .ok_or_else(|| CqlError::protocol("Invalid value for the paging state"))?;
                ck.push(values::deserialize(t, &b)?);
            }
            Some(ck)
        } else {
            None
        };
        let returned = r.u64()?;
        let in_partition = r.u64()?;
        Ok(PagingState {
            partition: PartitionPos { token, bytes },
            clustering,
            returned,
            in_partition,
        })
    }
}
