"""Writes the pieces of a "functions into recur_shared" migration from a tenant schema file (issue 28, goal 2).

    python3 deploy/shared-functions.py TENANT_SQL OUT_DIR

TENANT_SQL is a tenant schema as `deploy/schema-files.sh` writes it (sql/schema/tenant.sql) that still holds
per-tenant functions. Writes into OUT_DIR:
  shared_functions.sql  each function as CREATE OR REPLACE FUNCTION recur_shared.<name>, without SET search_path,
                        calls to the other functions qualified, trigger functions guarded (TG_TABLE_SCHEMA must be
                        current_schema()): the body of a control migration (0009 was written this way);
  triggers.sql          every trigger re-pointed at recur_shared (CREATE OR REPLACE TRIGGER; constraint
                        triggers dropped and created again);
  drops.sql             DROP FUNCTION of each per-tenant copy (no CASCADE).
Used once to write control 0009 and tenant 0046; kept for folding the functions later tenant migrations add. CHECK
constraints calling a function are not handled (0046 re-adds its two by hand).
"""
import re, sys
out_dir = sys.argv[2]
text = open(sys.argv[1]).read()
lines = text.split('\n')
# function blocks: from "CREATE FUNCTION" to line ending with "$$;"
funcs = []
i = 0
while i < len(lines):
    if lines[i].startswith('CREATE FUNCTION'):
        j = i
        while not lines[j].rstrip().endswith('$$;'):
            j += 1
        funcs.append('\n'.join(lines[i:j+1]))
        i = j + 1
    else:
        i += 1
names = [re.match(r'CREATE FUNCTION (\w+)\(', f).group(1) for f in funcs]
sigs = {}
for f in funcs:
    m = re.match(r'CREATE FUNCTION (\w+)\(([^)]*)\)', f)
    args = [a.strip().split(' ', 1)[1] if a.strip() else '' for a in m.group(2).split(',')]
    sigs[m.group(1)] = ', '.join(a for a in args if a)
out = []
guard = ("    IF TG_TABLE_SCHEMA IS DISTINCT FROM current_schema() THEN\n"
         "        PERFORM recur_shared.refuse_other_schema(TG_TABLE_SCHEMA, TG_TABLE_NAME);\n"
         "    END IF;")
for f, name in zip(funcs, names):
    f = f.replace(f'CREATE FUNCTION {name}(', f'CREATE OR REPLACE FUNCTION recur_shared.{name}(', 1)
    f = f.replace('    SET search_path FROM CURRENT\n', '')
    for other in names:
        f = re.sub(r'(?<![\w.])' + other + r'\(', f'recur_shared.{other}(', f) if other != name else re.sub(r'(?<![\w.])' + other + r'\((?!.*RETURNS)', f'recur_shared.{other}(', f)
    if 'RETURNS trigger' in f:
        # guard after the body's first BEGIN line
        f = re.sub(r'\nBEGIN\n', '\nBEGIN\n' + guard + '\n', f, count=1)
        assert guard in f, name
    out.append(f)
open(out_dir + '/shared_functions.sql', 'w').write('\n\n'.join(out) + '\n')
# triggers
trig = [l for l in lines if l.startswith('CREATE TRIGGER') or l.startswith('CREATE CONSTRAINT TRIGGER')]
t_out = []
for l in trig:
    l2 = re.sub(r'EXECUTE FUNCTION (\w+)\(', r'EXECUTE FUNCTION recur_shared.\1(', l)
    if l.startswith('CREATE CONSTRAINT TRIGGER'):
        m = re.match(r'CREATE CONSTRAINT TRIGGER (\w+) .* ON (\w+) ', l)
        t_out.append(f'DROP TRIGGER {m.group(1)} ON {m.group(2)};\n' + l2)
    else:
        t_out.append(l2.replace('CREATE TRIGGER', 'CREATE OR REPLACE TRIGGER', 1))
open(out_dir + '/triggers.sql', 'w').write('\n'.join(t_out) + '\n')
drops = [f'DROP FUNCTION {n}({sigs[n]});' for n in names]
open(out_dir + '/drops.sql', 'w').write('\n'.join(drops) + '\n')
print(f'{len(funcs)} functions, {len(trig)} triggers', file=sys.stderr)
