#!/usr/bin/env ruby
# Ruby XMLRPC::Client (Debian ruby-xmlrpc) against backlog-xmlrpc, with the
# call set of yoppi/backlog-api (getProjects getProject getComponents
# getVersions getUsers getUser getUserIcon getIssueTypes getIssue getComments
# getTimeline getActivityTypes getStatuses getResolutions getPriorities
# getCustomFields countIssue), the way that gem calls them: credentials in the
# URL (XMLRPC::Client.new2), numeric strings converted to Integer for
# getProject/getIssue/getUser, snake_case project_id/issue_type_id for
# getCustomFields. Then the issue workflow (create, update, switchStatus,
# comment, find/count) through the same client, which is the Ruby client
# backlog-streamer and the Ruby git hooks used.
#
# Ruby's client is the strict one on the HTTP side: it raises unless the
# response has Content-Type text/xml and an exact Content-Length, and its
# parser rejects <nil/> (ENABLE_NIL_PARSER is left off, the default).
# Output: one JSON line per check (interop/matrix.go, type Check).
require 'json'
require 'xmlrpc/client'
require 'net/http'

E = JSON.parse(File.read(ENV.fetch('INTEROP_EXPECT'), encoding: 'UTF-8'))
HOST = ENV.fetch('INTEROP_HOST')
PORT = ENV.fetch('INTEROP_PORT')
P = E['project']
PID = P['id']
S = {}
$failed = 0
$stdout.sync = true

def client(login, password)
  XMLRPC::Client.new2("http://#{login}:#{password}@#{HOST}:#{PORT}/XML-RPC")
end

DEMO = client(E['demo']['login'], E['demo']['password'])

def emit(method, name, ok, detail = nil, group = nil)
  line = { 'method' => method, 'check' => name, 'ok' => ok ? true : false }
  line['group'] = group if group
  line['detail'] = detail.to_s if detail && !detail.to_s.empty?
  $failed += 1 unless ok
  puts JSON.generate(line)
end

def check(method, name, group = nil)
  detail = yield
  emit(method, name, true, detail.is_a?(String) ? detail : nil, group)
rescue Exception => e # rubocop:disable Lint/RescueException -- report every failure, go on
  emit(method, name, false, "#{e.class}: #{e.message}", group)
end

def same(what, got, want)
  raise "#{what}: got #{got.inspect}, want #{want.inspect}" unless got == want
end

def int!(what, v)
  raise "#{what}: #{v.inspect} is #{v.class}, want Integer" unless v.is_a?(Integer)
  v
end

def str!(what, v)
  raise "#{what}: #{v.inspect} is #{v.class}, want String" unless v.is_a?(String)
  v
end

def ts!(what, v)
  raise "#{what}: #{v.inspect} is not yyyyMMddHHmmss" unless str!(what, v) =~ /\A\d{14}\z/
  v
end

# yoppi/backlog-api converts digit-only strings to Integer before calling.
def id_or_key(v)
  v.to_s =~ /\A\d+\z/ ? v.to_i : v
end

def issue!(what, i)
  int!("#{what}.id", i['id'])
  %w[key summary description url due_date created_on updated_on].each { |k| str!("#{what}.#{k}", i[k]) }
  %w[issueType priority status created_user].each { |k| int!("#{what}.#{k}.id", i[k]['id']) }
  same("#{what}.url", i['url'], "#{E['legacy_base']}/view/#{i['key']}")
  i
end

def fault_of
  yield
  raise 'no fault'
rescue XMLRPC::FaultException => e
  e
end

# ---- auth + the HTTP envelope Ruby checks
check('-', 'response has text/xml and an exact Content-Length; <nil/> parser off', 'auth') do
  # With the nil parser off (Ruby's default), any <nil/> in any answer of this
  # scenario raises instead of passing silently.
  same('XMLRPC::Config::ENABLE_NIL_PARSER', XMLRPC::Config::ENABLE_NIL_PARSER, false)
  http = Net::HTTP.new(HOST, PORT.to_i)
  req = Net::HTTP::Post.new('/XML-RPC', 'Content-Type' => 'text/xml; charset=utf-8')
  req.basic_auth(E['demo']['login'], E['demo']['password'])
  req.body = XMLRPC::Create.new.methodCall('backlog.getStatuses')
  res = http.request(req)
  same('status', res.code, '200')
  raise "content-type #{res['Content-Type']}" unless res['Content-Type'] =~ %r{\A(text|application)/xml}
  same('Content-Length', res['Content-Length'].to_i, res.body.bytesize)
  "#{res['Content-Type']}, Content-Length #{res['Content-Length']}"
end

# ---- projects (yoppi call set)
check('backlog.getProjects', 'projects of the demo user') do
  same('ids', DEMO.call('backlog.getProjects').map { |p| int!('id', p['id']) }.sort, E['demo_project_ids'].sort)
end
check('backlog.getProject', 'by key, and by a digit string converted to Integer') do
  a = DEMO.call('backlog.getProject', id_or_key(P['key']))
  b = DEMO.call('backlog.getProject', id_or_key(PID.to_s))
  same('by key', [a['id'], a['key'], a['name'], a['archived']], [PID, P['key'], P['name'], false])
  same('by id', b, a)
end

# ---- project settings
check('backlog.getComponents', 'categories') do
  same('components', DEMO.call('backlog.getComponents', PID).map { |c| { 'id' => c['id'], 'name' => c['name'] } }, E['components'])
end
check('backlog.getVersions', 'versions') do
  same('versions', DEMO.call('backlog.getVersions', PID).map { |v| { 'id' => v['id'], 'name' => v['name'], 'date' => v['date'] } }, E['versions'])
end
check('backlog.getUsers', 'members') do
  same('ids', DEMO.call('backlog.getUsers', PID).map { |u| u['id'] }.sort, E['members'].map { |u| u['id'] }.sort)
end
check('backlog.getIssueTypes', 'issue types') do
  same('types', DEMO.call('backlog.getIssueTypes', PID).map { |t| t.slice('id', 'name', 'color') }, E['issue_types'])
end
check('backlog.getCustomFields', 'snake_case project_id, and issue_type_id filter') do
  cp = E['cf_project']
  all = DEMO.call('backlog.getCustomFields', { 'project_id' => cp['id'] })
  same('fields', all.map { |f| [f['id'], f['type_id'], f['name']] }, cp['fields'].map { |f| [f['id'], f['type_id'], f['name']] })
  t = cp['filter_issue_type_id']
  filtered = DEMO.call('backlog.getCustomFields', { 'project_id' => cp['id'], 'issue_type_id' => t })
  same('filtered', filtered.map { |f| f['id'] }, cp['fields'].select { |f| f['issue_type_ids'].empty? || f['issue_type_ids'].include?(t) }.map { |f| f['id'] })
end

# ---- issues (read)
I = E['issue']
check('backlog.getIssue', 'by key and by digit string') do
  a = issue!('issue', DEMO.call('backlog.getIssue', id_or_key(I['key'])))
  same('issue', [a['id'], a['summary'], a['status']['id']], [I['id'], I['summary'], I['status_id']])
  same('by id', DEMO.call('backlog.getIssue', id_or_key(I['id'].to_s)), a)
end
check('backlog.getComments', 'comments oldest first') do
  cs = DEMO.call('backlog.getComments', I['id'])
  cs.each { |c| ts!('created_on', c['created_on']) }
  same('comments', cs.map { |c| [c['id'], c['content']] }, I['comments'].map { |c| [c['id'], c['content']] })
end

# ---- issues (write) through the same client
check('backlog.createIssue', 'create (UTF-8 summary)') do
  i = issue!('created', DEMO.call('backlog.createIssue', {
    'projectId' => PID, 'summary' => 'interop ruby 課題', 'issueType' => E['issue_types'][0]['name'], 'priority' => E['priorities'][0]['name'],
  }))
  S['issue'] = i
  same('issue', [i['summary'], i['issueType']['id'], i['priority']['id'], i['status']['id']],
       ['interop ruby 課題', E['issue_types'][0]['id'], E['priorities'][0]['id'], 1])
  i['key']
end
check('backlog.updateIssue', 'description and milestone by name') do
  ms = E['versions'].first
  i = issue!('updated', DEMO.call('backlog.updateIssue', { 'key' => S['issue']['key'], 'description' => "ruby\nline 2", 'milestone' => ms['name'] }))
  same('milestones', i['milestones'].map { |m| m['id'] }, [ms['id']])
  same('description', i['description'], "ruby\nline 2")
end
check('backlog.switchStatus', 'to in progress') do
  same('status', DEMO.call('backlog.switchStatus', { 'key' => S['issue']['key'], 'statusId' => 2 })['status']['id'], 2)
end
check('backlog.addComment', 'comment') do
  c = DEMO.call('backlog.addComment', { 'key' => S['issue']['key'], 'content' => 'ruby コメント' })
  same('content', c['content'], 'ruby コメント')
end
check('backlog.countIssue', 'count') do
  same('all', DEMO.call('backlog.countIssue', { 'projectId' => PID }), E['count_total'] + 1)
  same('in progress', DEMO.call('backlog.countIssue', { 'projectId' => PID, 'statusId' => [2] }), E['count_by_status']['2'] + 1)
end
check('backlog.findIssue', 'find by milestone') do
  found = DEMO.call('backlog.findIssue', { 'projectId' => PID, 'milestoneId' => [E['versions'].first['id']] })
  raise 'created issue not found' unless found.any? { |i| i['key'] == S['issue']['key'] }
end

# ---- timeline, users, icons, enumerations (yoppi call set)
check('backlog.getTimeline', 'newest first, our comment present') do
  tl = DEMO.call('backlog.getTimeline')
  raise "length #{tl.length}" unless tl.length.between?(1, 50)
  ts = tl.map { |e| ts!('updated_on', e['updated_on']) }
  same('newest first', ts, ts.sort.reverse)
  raise 'no comment entry' unless tl.any? { |e| e['type']['id'] == 3 && e['content'] == 'ruby コメント' }
end
check('backlog.getUser', 'by login and by digit string') do
  a = DEMO.call('backlog.getUser', id_or_key(E['demo']['login']))
  b = DEMO.call('backlog.getUser', id_or_key(E['demo']['id'].to_s))
  same('user', [a['id'], a['name']], [E['demo']['id'], E['demo']['name']])
  same('same', b, a)
end
check('backlog.getUserIcon', 'base64 decoded to image bytes') do
  ic = DEMO.call('backlog.getUserIcon', E['demo']['id'])
  magic = { 'image/gif' => 'GIF8'.b, 'image/png' => "\x89PNG".b }
  raise "content_type #{ic['content_type']} bytes #{ic['data'][0, 4].inspect}" unless magic[ic['content_type']] && ic['data'].b.start_with?(magic[ic['content_type']])
  "#{ic['content_type']}, #{ic['data'].bytesize} bytes"
end
{ 'getStatuses' => 'statuses', 'getPriorities' => 'priorities', 'getResolutions' => 'resolutions', 'getActivityTypes' => 'activity_types' }.each do |m, key|
  check("backlog.#{m}", 'matches the seed') do
    same(key, DEMO.call("backlog.#{m}").map { |x| x.slice('id', 'name') }, E[key])
  end
end

# ---- introspection
check('system.multicall', 'XMLRPC::Client#multicall: a result and a FaultException in order') do
  r = DEMO.multicall(['backlog.getIssue', I['key']], ['backlog.getHoge'])
  same('first', r[0]['key'], I['key'])
  raise "second is #{r[1].class}" unless r[1].is_a?(XMLRPC::FaultException)
  same('second faultCode', r[1].faultCode, -32601)
  "result, then FaultException #{r[1].faultCode}"
end

# ---- faults
check('-', 'unknown method -> XMLRPC::FaultException -32601', 'faults') do
  e = fault_of { DEMO.call('backlog.getHoge') }
  same('faultCode', e.faultCode, -32601)
  "FaultException #{e.faultCode}: #{e.faultString}"
end
check('-', 'countIssue without projectId -> -32602', 'faults') do
  e = fault_of { DEMO.call('backlog.countIssue', { 'statusId' => [1] }) }
  same('faultCode', e.faultCode, -32602)
  "FaultException #{e.faultCode}: #{e.faultString}"
end
check('-', 'wrong password -> RuntimeError HTTP-Error 401', 'faults') do
  begin
    client(E['demo']['login'], 'wrong-password').call('backlog.getProjects')
    raise 'no error'
  rescue RuntimeError => e
    raise e unless e.message =~ /HTTP-Error: 401/
    e.message
  end
end

exit($failed.zero? ? 0 : 1)
