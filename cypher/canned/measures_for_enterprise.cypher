// title: Measures an enterprise is eligible for, and why
// description: Support measures and policies each enterprise is derived to be eligible for, with the criteria that matched and the rule that derived it.
// title_zh: 企业符合哪些措施，为什么
// description_zh: 每家企业经推导符合条件的支持措施和政策，以及匹配的条件和推导规则。
// param: enterprise_key string = "" -- key of the enterprise; empty for every enterprise
MATCH (e:Enterprise)-[el:ELIGIBLE_FOR]->(m)
WHERE $enterprise_key = '' OR e.key = $enterprise_key
RETURN e.name AS enterprise, m.name AS eligible_for, m.key AS key, el.criteria AS criteria,
       el.rule AS rule, el.status AS status, e, el, m
ORDER BY enterprise, eligible_for
LIMIT 200
