"""Content of the demo catalogue of a fictional university hospital, the "CHU de Val-de-Loire".

Plain data only (no database access): `departments`, `datasets` (descriptive sheets),
`variables` (building blocks of the variable dictionaries) and `quality` (assessment plans).
`catalogue.demo.seed` turns them into rows."""
