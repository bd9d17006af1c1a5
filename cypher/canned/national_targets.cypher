// title: National targets and their deadlines
// description: The quantified targets national policies set, with the value as the source writes it and the deadline, earliest deadline first.
// title_zh: 国家目标及其期限
// description_zh: 国家级政策设定的量化目标：来源原文中的数值和截止日期，截止最早的在前。
MATCH (p:Policy)-[s:SETS]->(t:Target)
WHERE p.level = 'national'
RETURN p.name AS policy, t.indicator AS indicator, t.comparator AS comparator,
       t.value AS value, t.value_text AS as_written, t.unit AS unit, t.deadline AS deadline,
       t.status AS status, p, s, t
ORDER BY deadline, indicator
