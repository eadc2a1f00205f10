// The one list of issue codes the engine can emit. An issue's text is localized from its code
// (UI key issue.<code>) and params; its English `message` is the fallback and what the CLI prints.
export const ISSUE_CODES = [
  // import: files, sheets, cells
  'uncertain_encoding', 'ragged_row', 'unterminated_quote', 'blank_lines', 'hidden_sheet', 'no_data_rows',
  'invalid_value', 'blank_cells', 'ambiguous_date_order', 'sheet_part_missing', 'unnamed_column',
  'title_rows_skipped', 'empty_sheet', 'formula_error', 'formula_without_value', 'unreadable',
  // mapping: resolving, normalizing, validating rows
  'mapping_table_not_found', 'mapping_duplicate_table', 'mapping_column_not_found', 'mapping_unknown_field',
  'wrong_type', 'balances_added_together', 'source_of_truth_default', 'survey_type_unknown', 'survey_type_inferred',
  'missing_required_field', 'duplicate_id', 'amount_taken_as_monthly', 'elapsed_time_field',
  'missing_value', 'implausible_date', 'negative_amount', 'end_before_start', 'returns_as_refunds',
  'score_out_of_scale',
  // metrics
  'segment_column_missing', 'segments_capped', 'as_of_today', 'last_complete_period', 'metric_failed',
  'target_unknown_metric', 'target_bad_period',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * The values an issue's localized text names: file, sheet, table, column, field, counts, rows.
 * Names stay as in the data (the renderer isolates them for bidi); numbers stay numbers.
 */
export type IssueParams = Readonly<Record<string, string | number>>;
