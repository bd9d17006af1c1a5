// title: National targets and their deadlines
// description: The quantified targets national policies set, with the value as the source writes it and the deadline, earliest deadline first.
MATCH (p:Policy)-[s:SETS]->(t:Target)
WHERE p.level = 'national'
RETURN p.name AS policy, t.indicator AS indicator, t.comparator AS comparator,
       t.value AS value, t.value_text AS as_written, t.unit AS unit, t.deadline AS deadline,
       t.status AS status, p, s, t
ORDER BY deadline, indicator
