-- One row per restaurant and UTC day. The streaming job writes a day once the watermark has
-- passed its end (plus the lateness); a replay of the day recomputes it with every event of it.
INSERT INTO lake.gold.daily_revenue
SELECT
  restaurant_id,
  DATE_FORMAT(window_start, 'yyyy-MM-dd') AS ds,
  COUNT(*) AS orders,
  SUM(amount) AS revenue
FROM TABLE(TUMBLE(TABLE src.orders, DESCRIPTOR(event_time), INTERVAL '1' DAY))
GROUP BY restaurant_id, window_start, window_end
