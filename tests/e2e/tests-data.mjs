// Tests of the data panel (CSV upload, parser errors, built-in sets).
export const dataTests = [];
