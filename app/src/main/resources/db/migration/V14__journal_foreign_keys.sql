-- A conversion's lines, history, fraud signals and commissions are written by the conversion
-- journal in the same transaction as the conversion, with the id it has just given it, and no
-- conversion is ever deleted; so their foreign keys to it guard nothing the journal can get wrong.
-- On PostgreSQL each is a trigger per inserted row that looks the conversion up and locks it:
-- seven or so per sale (five lines, one or two events, a commission), a third of the database's
-- CPU per sale under ConversionLoad. They go. H2 named these constraints itself (CONSTRAINT_n), so
-- this leaves them there, where a check is an index lookup in memory, cheap beside the insert.
-- The foreign keys to advertisers, programmes, partnerships, publishers and rule sets stay: those
-- rows are written elsewhere and a wrong id there would be a real error.
ALTER TABLE conversion_line DROP CONSTRAINT IF EXISTS conversion_line_conversion_id_fkey;
ALTER TABLE conversion_event DROP CONSTRAINT IF EXISTS conversion_event_conversion_id_fkey;
ALTER TABLE fraud_signal DROP CONSTRAINT IF EXISTS fraud_signal_conversion_id_fkey;
ALTER TABLE commission DROP CONSTRAINT IF EXISTS commission_conversion_id_fkey;
