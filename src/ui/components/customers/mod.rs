//! The customer table: the filtered customers, searchable and sortable, a page at a time.

mod customer_table;

pub use customer_table::CustomerTable;
