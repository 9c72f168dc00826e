-- Sessions between two UTC dates by location and trainer: how many, how closely they kept to their stored session plans (mean adherence, 0-1) and to the phase's acute variables (mean compliance, 0-1).
-- parameters: tenant, from, to
WITH events AS (
  SELECT *
  FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e.recorded_at) AS copy_number
    FROM progression_events e
    WHERE e.tenant = ? AND e.dt BETWEEN ? AND ?
  ) numbered
  WHERE copy_number = 1
)
SELECT location_id,
       trainer_id,
       count(DISTINCT client_id) AS clients,
       count(*) AS sessions,
       count(adherence_score) AS sessions_against_plan,
       round(avg(adherence_score), 3) AS mean_adherence,
       count(compliance_score) AS graded_sessions,
       round(avg(compliance_score), 3) AS mean_compliance
FROM events
WHERE event_type = 'SessionCompleted'
GROUP BY location_id, trainer_id
ORDER BY location_id, trainer_id NULLS LAST;
