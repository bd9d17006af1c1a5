// title: Enterprises of a province by industry and designation
// description: Enterprises seated in the province (directly or in one of its cities), counted per industry and designation.
// title_zh: 某省企业：按行业和资质
// description_zh: 注册在该省（省内直接或其下属城市）的企业，按行业和资质称号计数。
// param: province_code string = "330000" -- GB/T 2260 code of the province
MATCH (e:Enterprise)-[:LOCATED_IN]->(place)
WHERE place.code = $province_code OR place.province_code = $province_code
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
RETURN coalesce(i.name, '(unknown industry)') AS industry, e.designations AS designations,
       count(DISTINCT e) AS enterprises, collect(DISTINCT e.name)[0..5] AS examples
ORDER BY enterprises DESC, industry
