//! arkivsvep: sweeps a municipality's file shares and says, per document,
//! what personal and sensitive data it holds, whether it was made with
//! generative AI (and says so), and whether it is an official record.
pub mod extract;
pub mod sniff;
