// Co-assignment: pairs of units assigned (responsible or assisting) to the same task, weighted by
// the number of distinct tasks they share; collectives (各街道乡镇 …) left out; unit_a < unit_b by id.
// Same pairs as fengong.graph.queries.coordination.co_assignment(kg) (and the SPARQL co_assignment.rq).
// Parameters: $year (optional) keeps one plan year.
MATCH (t:Fengong:Task)
WHERE $year IS NULL OR t.year = $year
MATCH (a:Fengong:Unit)-[:RESPONSIBLE_FOR|ASSISTS]->(t)<-[:RESPONSIBLE_FOR|ASSISTS]-(b:Fengong:Unit)
WHERE a.id < b.id AND NOT coalesce(a.collective, false) AND NOT coalesce(b.collective, false)
RETURN a.id AS unit_a, a.name AS name_a, b.id AS unit_b, b.name AS name_b, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, name_a, name_b, unit_a, unit_b
