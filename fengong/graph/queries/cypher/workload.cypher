// Workload per unit and plan year: responsible tasks (any position, first-listed), assisting
// tasks, all tasks, and the weighted share (a task with n responsible units counts 1/n).
// Counts are of distinct tasks: a unit printed twice on one task counts once. First-listed is
// the responsible unit with the smallest `order` on RESPONSIBLE_FOR (ties: the smallest unit id).
// Tasks without a plan year are left out, as they are from workload(kg, by="year").
// Same answer as fengong.graph.queries.workload.workload(kg, by="year") (and the SPARQL workload.rq).
// Parameters: $year (optional) keeps one plan year.
MATCH (t:Fengong:Task)
WHERE t.year IS NOT NULL AND ($year IS NULL OR t.year = $year)
MATCH (u:Fengong:Unit)-[a:RESPONSIBLE_FOR|ASSISTS]->(t)
// one row per task and unit: its roles, and the first position it is printed at as responsible unit
WITH t, u,
     max(CASE type(a) WHEN 'RESPONSIBLE_FOR' THEN 1 ELSE 0 END) AS r,
     max(CASE type(a) WHEN 'ASSISTS' THEN 1 ELSE 0 END) AS s,
     min(CASE type(a) WHEN 'RESPONSIBLE_FOR' THEN a.order END) AS o
WITH t, collect({unit: u, r: r, s: s, o: o}) AS units, sum(r) AS n_responsible
WITH t, units, n_responsible,
     reduce(best = null, x IN units |
            CASE WHEN x.o IS NULL THEN best
                 WHEN best IS NULL OR x.o < best.o OR (x.o = best.o AND x.unit.id < best.unit.id) THEN x
                 ELSE best END) AS first
UNWIND units AS x
WITH t.year AS year, x.unit AS u, x.r AS r, x.s AS s,
     CASE WHEN first IS NOT NULL AND x.unit = first.unit THEN 1 ELSE 0 END AS f,
     CASE WHEN x.r = 1 THEN 1.0 / n_responsible ELSE 0.0 END AS w
RETURN year, u.id AS unit, u.name AS name, u.collective AS collective,
       sum(r) AS responsible, sum(f) AS responsible_first, sum(s) AS assisting, count(*) AS total,
       sum(w) AS weighted
ORDER BY year, unit
