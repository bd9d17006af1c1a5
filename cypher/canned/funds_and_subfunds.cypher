// title: Funds, sub-funds and amounts
// description: Each fund with its sponsoring agencies, its sub-funds and the amounts as the sources give them (null where no figure is given).
MATCH (f:Fund)
OPTIONAL MATCH (a:Agency)-[m:MANAGES]->(f)
OPTIONAL MATCH (s:Fund)-[r:SUB_FUND_OF]->(f)
RETURN f.name AS fund, f.size AS size, f.size_text AS size_as_written,
       collect(DISTINCT a.name) AS managed_by, s.name AS sub_fund, r.amount AS sub_fund_amount,
       r.amount_text AS amount_as_written, r.focus AS sub_fund_focus
ORDER BY fund, sub_fund
