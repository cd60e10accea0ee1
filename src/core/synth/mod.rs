//! Seeded synthesis of the six tables (SPEC §1).
