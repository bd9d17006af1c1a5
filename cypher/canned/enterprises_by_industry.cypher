// title: Enterprises of a province by industry and designation
// description: Enterprises seated in the province (directly or in one of its cities), counted per industry and designation.
// param: province_code string = "330000" -- GB/T 2260 code of the province
MATCH (e:Enterprise)-[:LOCATED_IN]->(place)
WHERE place.code = $province_code OR place.province_code = $province_code
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
RETURN coalesce(i.name, '(unknown industry)') AS industry, e.designations AS designations,
       count(DISTINCT e) AS enterprises, collect(DISTINCT e.name)[0..5] AS examples
ORDER BY enterprises DESC, industry
