-- Issue 21: every enum value on the wire is snake_case (WireCase in Sources/Domain). A schedule's JSON is one
-- document, the same on the wire and in these jsonb columns, so its multi-word values change spelling here too:
--   kind    mixerpDuration → mixerp_duration, mixerpSameCalendarDate → mixerp_same_calendar_date,
--           fiscalPeriodEnd → fiscal_period_end
--   period  halfYear → half_year
-- Rewriting the stored schedules keeps one strict decoder, which (like the API) no longer reads the old spelling.
-- Other stored values (invoice status, payment method, account role, journal source types, …) keep their
-- lowerCamel spelling and CHECK constraints: the API spells them at its edge.
-- A changed schedule resets its source's next posting date (the reset triggers); the worker computes the same
-- date again.
CREATE FUNCTION pg_temp.schedule_snake_case(schedule jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT schedule
        || jsonb_build_object('kind', lower(regexp_replace(schedule ->> 'kind', '([A-Z])', '_\1', 'g')))
        || CASE WHEN schedule ? 'period'
                THEN jsonb_build_object('period', lower(regexp_replace(schedule ->> 'period', '([A-Z])', '_\1', 'g')))
                ELSE '{}'::jsonb END
$$;

UPDATE recurring_invoice_setups SET schedule = pg_temp.schedule_snake_case(schedule)
WHERE schedule ->> 'kind' ~ '[A-Z]' OR schedule ->> 'period' ~ '[A-Z]';

UPDATE recurring_expenses SET schedule = pg_temp.schedule_snake_case(schedule)
WHERE schedule ->> 'kind' ~ '[A-Z]' OR schedule ->> 'period' ~ '[A-Z]';

UPDATE recurring_tasks SET schedule = pg_temp.schedule_snake_case(schedule)
WHERE schedule ->> 'kind' ~ '[A-Z]' OR schedule ->> 'period' ~ '[A-Z]';

UPDATE recurring_sales_orders SET schedule = pg_temp.schedule_snake_case(schedule)
WHERE schedule ->> 'kind' ~ '[A-Z]' OR schedule ->> 'period' ~ '[A-Z]';

UPDATE items SET template_schedule = pg_temp.schedule_snake_case(template_schedule)
WHERE template_schedule ->> 'kind' ~ '[A-Z]' OR template_schedule ->> 'period' ~ '[A-Z]';

DROP FUNCTION pg_temp.schedule_snake_case(jsonb);
