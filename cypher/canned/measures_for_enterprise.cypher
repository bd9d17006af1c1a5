// title: Measures an enterprise is eligible for, and why
// description: Support measures and policies each enterprise is derived to be eligible for, with the criteria that matched and the rule that derived it.
// param: enterprise_key string = "" -- key of the enterprise; empty for every enterprise
MATCH (e:Enterprise)-[el:ELIGIBLE_FOR]->(m)
WHERE $enterprise_key = '' OR e.key = $enterprise_key
RETURN e.name AS enterprise, m.name AS eligible_for, m.key AS key, el.criteria AS criteria,
       el.rule AS rule, el.status AS status, e, el, m
ORDER BY enterprise, eligible_for
LIMIT 200
