INSERT INTO lake.silver.big_orders
SELECT order_id, customer_id, restaurant_id, dish, amount, event_time, ds
FROM src.orders
WHERE amount >= 20
