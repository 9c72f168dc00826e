-- Progress along the goal path, up to a UTC date: for each goal (the client's latest) and each step of its path, the clients with that goal, how many have reached the step's phase and how many are past it (have started a later phase of the path).
-- parameters: tenant, to
WITH events AS (
  SELECT *
  FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.event_id ORDER BY e.recorded_at) AS copy_number
    FROM progression_events e
    WHERE e.tenant = ? AND e.dt <= ?
  ) numbered
  WHERE copy_number = 1
),
goals AS (
  SELECT client_id, goal, goal_path
  FROM (
    SELECT client_id, goal, goal_path,
           row_number() OVER (PARTITION BY client_id ORDER BY occurred_at DESC, version DESC) AS recency
    FROM events
    WHERE event_type = 'GoalSet'
  ) ranked
  WHERE recency = 1
),
steps AS (
  SELECT g.client_id, g.goal, s.phase, s.step
  FROM goals g
  CROSS JOIN UNNEST(g.goal_path) WITH ORDINALITY AS s(phase, step)
),
furthest AS (
  SELECT st.client_id, max(st.step) AS step
  FROM steps st
  JOIN events e ON e.client_id = st.client_id AND e.event_type = 'PhaseStarted' AND e.phase = st.phase
  GROUP BY st.client_id
)
SELECT st.goal,
       st.step,
       st.phase,
       count(*) AS clients,
       count(*) FILTER (WHERE f.step >= st.step) AS reached,
       count(*) FILTER (WHERE f.step > st.step) AS past,
       round(100 * CAST(count(*) FILTER (WHERE f.step > st.step) AS DOUBLE) / count(*), 1) AS pct_past
FROM steps st
LEFT JOIN furthest f ON f.client_id = st.client_id
GROUP BY st.goal, st.step, st.phase
ORDER BY st.goal, st.step;
