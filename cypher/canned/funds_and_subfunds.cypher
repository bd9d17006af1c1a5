// title: Funds, sub-funds and amounts
// description: Each fund with its sponsoring agencies, its sub-funds and the amounts as the sources give them (null where no figure is given).
// title_zh: 基金、子基金及金额
// description_zh: 每只基金及其主管机构、子基金和来源给出的金额（来源未给出数字时为空）。
MATCH (f:Fund)
OPTIONAL MATCH (a:Agency)-[m:MANAGES]->(f)
OPTIONAL MATCH (s:Fund)-[r:SUB_FUND_OF]->(f)
RETURN f.name AS fund, f.size AS size, f.size_text AS size_as_written,
       collect(DISTINCT a.name) AS managed_by, s.name AS sub_fund, r.amount AS sub_fund_amount,
       r.amount_text AS amount_as_written, r.focus AS sub_fund_focus
ORDER BY fund, sub_fund
