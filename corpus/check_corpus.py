import json, os, collections
HERE=os.path.dirname(os.path.abspath(__file__)); D=os.path.join(HERE,'articles'); G=json.load(open(os.path.join(HERE,'gold.json'),encoding='utf-8'))
arts={}; bad=[]
for f in sorted(os.listdir(D)):
    lines=open(os.path.join(D,f),encoding='utf-8').read().splitlines()
    assert len(lines)==1, f
    r=json.loads(lines[0]); arts[f[:-6]]=r
    if len(r['text'])<800: bad.append(f)
    assert set(r)-{'title','url','outlet','published','language','text'}==set()
print('files',len(arts),'short',bad)
# quotes
miss=[]
for fa in G['facts']:
    for s in fa['sources']:
        if s['quote'] not in arts[s['article']]['text']: miss.append((fa['id'],s['article'],s['quote']))
for m in G['moving_figures']:
    for v in m['values']:
        if v['amount'] not in arts[v['article']]['text']: miss.append((m['id'],v['article'],v['amount']))
for t in G['scope_traps']:
    for k in ('total','part'):
        if t[k]['amount'] not in arts[t[k]['article']]['text']: miss.append(('trap',t[k]['article'],t[k]['amount']))
print('missing quotes',miss)
cnt=collections.Counter(a for s in G['stories'] for a in s['articles'])
assert set(cnt)==set(arts) and all(v==1 for v in cnt.values())
langs=collections.Counter(r['language'] for r in arts.values())
print('languages',dict(langs))
for s in G['stories']:
    outs={arts[a]['outlet'].split(' (')[0] for a in s['articles']}
    print(s['id'],len(s['articles']),'outlets',len(outs),'langs',sorted({arts[a]['language'] for a in s['articles']}))
moving={m['story'] for m in G['moving_figures'] if len({v['value'] for v in m['values']})>=2}
print('moving stories',sorted(moving),'copies',len(G['copies']),'undated',sum('published' not in r for r in arts.values()))
print('traps',collections.Counter(t['kind'] for t in G['scope_traps']))
for c in G['copies']: assert c['copy'] in arts and c['original'] in arts
