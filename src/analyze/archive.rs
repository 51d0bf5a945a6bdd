//! Archives: each member is a document of its own, with `container` set
//! (report-v1 "Edge rows"), recursively within the limits.

use super::guard::guarded;
use super::{Analyzer, Place};
use crate::classify;
use crate::extract::{self, Budget, ExtractError};
use crate::report::{DocumentReport, Status};
use crate::sniff::Format;

impl Analyzer {
    /// An archive's own row, then one row per member.
    pub(super) fn analyze_archive(
        &self,
        place: &Place,
        bytes: &[u8],
        mut row: DocumentReport,
        emit: &mut dyn FnMut(DocumentReport),
    ) {
        if place.depth >= self.limits.max_depth {
            emit(row.not_ok(
                Status::Skipped,
                format!(
                    "archive nested deeper than {} levels; not opened",
                    self.limits.max_depth
                ),
            ));
            return;
        }
        let budget = Budget::new(&self.limits);
        let mut members: Vec<(String, Result<Vec<u8>, ExtractError>)> = Vec::new();
        let listed = guarded(Format::Zip, || {
            extract::archive::for_each_member(bytes, &self.limits, &budget, |m| {
                members.push((m.name, m.bytes))
            })
        });
        row.record.class = classify::RecordClass::Uncertain;
        match listed {
            Ok(()) => emit(row),
            Err(e) => {
                emit(row.not_ok(Status::Error, e.to_string()));
                return;
            }
        }
        self.analyze_children(place, members.into_iter(), emit);
    }

    pub(super) fn analyze_children(
        &self,
        parent: &Place,
        children: impl Iterator<Item = (String, Result<Vec<u8>, ExtractError>)>,
        emit: &mut dyn FnMut(DocumentReport),
    ) {
        let container = parent.as_container();
        for (name, bytes) in children {
            let place = Place {
                path: name,
                container: Some(container.clone()),
                depth: parent.depth + 1,
            };
            match bytes {
                Ok(bytes) => self.analyze_bytes(&place, &bytes, emit),
                Err(e) => {
                    let row = DocumentReport::empty(place.path, place.container, "unknown", 0);
                    let status = match e {
                        ExtractError::Limit(_) => Status::Skipped,
                        _ => Status::Error,
                    };
                    emit(row.not_ok(status, e.to_string()));
                }
            }
        }
    }
}
