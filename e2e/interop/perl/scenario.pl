#!/usr/bin/perl
# Perl RPC::XML::Client (Debian librpc-xml-perl) against backlog-xmlrpc, the
# way WebService::Backlog 0.09 (by a Nulab engineer) calls the legacy API:
#   - credentials registered for the realm "Backlog Basic Authenticate", so
#     LWP sends them only after the server's 401 challenge;
#   - RPC::XML smart-encoding of plain Perl scalars: dates such as "20301231"
#     go out as <int>, a version named "1.0" as <double>, ids as <int>;
#   - $RPC::XML::ENCODING = 'utf8' (as WebService::Backlog sets it);
#   - updateIssue with assignerId => "" to unassign;
#   - deleteVersion / deleteIssueType with a struct {id => ...};
#   - its 18 methods: getProjects getProject getComponents getVersions getUsers
#     getIssue getComments countIssue findIssue createIssue updateIssue
#     switchStatus addIssueType updateIssueType deleteIssueType addVersion
#     updateVersion deleteVersion.
# Output: one JSON line per check (interop/matrix.go, type Check).
use strict;
use warnings;
use utf8;
use JSON::PP;
use RPC::XML;
use RPC::XML::Client;

binmode STDOUT, ':encoding(UTF-8)';
$RPC::XML::ENCODING = 'utf8';

my $json = JSON::PP->new->canonical;    # character strings in and out
my $E = do {
    open my $fh, '<:raw', $ENV{INTEROP_EXPECT} or die "expect: $!";
    local $/;
    JSON::PP->new->utf8->decode(<$fh>);
};
my $URL = $ENV{INTEROP_URL};
my $P   = $E->{project};
my $PID = $P->{id};
my %S;
my $failed = 0;

# client returns an RPC::XML::Client with credentials for the legacy realm and
# a log of the HTTP status codes LWP saw (to prove the 401 challenge flow).
sub client {
    my ($login, $password, $codes) = @_;
    my $c = RPC::XML::Client->new($URL);
    $c->credentials('Backlog Basic Authenticate', $login, $password);
    if ($codes) {
        $c->useragent->add_handler(response_done => sub { push @$codes, $_[0]->code; return });
    }
    return $c;
}

my @demo_codes;
my $demo  = client($E->{demo}{login},  $E->{demo}{password}, \@demo_codes);
my $admin = client($E->{admin}{login}, $E->{admin}{password});

sub emit {
    my ($method, $name, $ok, $detail, $group) = @_;
    my %line = (method => $method, check => $name, ok => ($ok ? JSON::PP::true : JSON::PP::false));
    $line{group}  = $group  if $group;
    $line{detail} = "$detail" if defined $detail && length $detail;
    $failed++ unless $ok;
    print $json->encode(\%line), "\n";
}

sub check {
    my ($method, $name, $code, $group) = @_;
    my $detail = eval { $code->() };
    if ($@) {
        (my $err = $@) =~ s/\s+$//;
        emit($method, $name, 0, $err, $group);
    } else {
        emit($method, $name, 1, $detail, $group);
    }
}

# call returns the native Perl value of a successful call; dies on a fault or
# a transport error with what RPC::XML::Client reported.
sub call {
    my ($c, $method, @args) = @_;
    my $res = $c->send_request($method, @args);
    die "transport error: $res\n" unless ref $res;
    die sprintf("fault %d: %s\n", $res->code, $res->string) if $res->is_fault;
    return $res->value;
}

# fault returns the RPC::XML::fault of a call that must fail with one.
sub fault {
    my ($c, $method, @args) = @_;
    my $res = $c->send_request($method, @args);
    die "transport error instead of a fault: $res\n" unless ref $res;
    die "no fault\n" unless $res->is_fault;
    return $res;
}

# norm turns integer-looking scalars into numbers on both sides, so that an id
# parsed from <int> text compares equal to the same id read from JSON. Other
# strings (a version named "1.0") stay strings.
sub norm {
    my ($v) = @_;
    return [map { norm($_) } @$v] if ref $v eq 'ARRAY';
    return {map { ($_ => norm($v->{$_})) } keys %$v} if ref $v eq 'HASH';
    return $v if ref $v || !defined $v;
    return $v =~ /^-?[0-9]+$/ ? $v + 0 : "$v";
}

sub same {
    my ($what, $got, $want) = @_;
    my ($g, $w) = ($json->encode([norm($got)]), $json->encode([norm($want)]));
    die "$what: got $g, want $w\n" unless $g eq $w;
}

sub ids { [sort { $a <=> $b } map { $_->{id} } @{ $_[0] }] }

# ---- auth
check('-', 'credentials sent only after the 401 realm challenge', sub {
    my $ps = call($demo, 'backlog.getProjects');
    same('status codes LWP saw', [@demo_codes[0, 1]], [401, 200]);
    return "HTTP @demo_codes[0,1]";
}, 'auth');

# ---- projects
check('backlog.getProjects', 'projects of the demo user', sub {
    same('ids', ids(call($demo, 'backlog.getProjects')), [sort { $a <=> $b } @{ $E->{demo_project_ids} }]);
});
check('backlog.getProject', 'by key, and by id sent as <int>', sub {
    my $a = call($demo, 'backlog.getProject', $P->{key});
    my $b = call($demo, 'backlog.getProject', $PID);
    same('by key', [$a->{id}, $a->{key}, $a->{name}], [$PID, $P->{key}, $P->{name}]);
    same('by id', $b, $a);
});
check('backlog.getProject', 'unknown project: struct without id (WebService::Backlog returns undef)', sub {
    my $r = call($demo, 'backlog.getProject', 'NOSUCHKEY');
    die "got id $r->{id}\n" if exists $r->{id};
});

# ---- project settings
check('backlog.getComponents', 'categories', sub {
    same('components', [map { {id => $_->{id}, name => $_->{name}} } @{ call($demo, 'backlog.getComponents', $PID) }], $E->{components});
});
check('backlog.getVersions', 'versions', sub {
    same('versions', [map { {id => $_->{id}, name => $_->{name}, date => $_->{date}} } @{ call($demo, 'backlog.getVersions', $PID) }], $E->{versions});
});
check('backlog.getUsers', 'members', sub {
    same('members', ids(call($demo, 'backlog.getUsers', $PID)), ids($E->{members}));
});

# ---- issues (read)
my $I = $E->{issue};
check('backlog.getIssue', 'seed issue by key', sub {
    my $i = call($demo, 'backlog.getIssue', $I->{key});
    same('issue', [$i->{id}, $i->{summary}, $i->{status}{id}, $i->{issueType}{id}, $i->{priority}{id}],
        [$I->{id}, $I->{summary}, $I->{status_id}, $I->{issue_type_id}, $I->{priority_id}]);
    die "created_on $i->{created_on}\n" unless $i->{created_on} =~ /^\d{14}$/;
});
check('backlog.getIssue', 'unknown key: struct without id (WebService::Backlog returns undef)', sub {
    my $r = call($demo, 'backlog.getIssue', $P->{key} . '-99999');
    die "got id $r->{id}\n" if exists $r->{id};
});
check('backlog.getComments', 'comments oldest first', sub {
    same('comments', [map { [$_->{id}, $_->{content}] } @{ call($demo, 'backlog.getComments', $I->{id}) }],
        [map { [$_->{id}, $_->{content}] } @{ $I->{comments} }]);
});

# ---- issues (write)
my $it = $E->{issue_types}[-1];
check('backlog.createIssue', 'dates as <int>, hours "1.5" as <double>, names by id', sub {
    my $i = call($demo, 'backlog.createIssue', {
        projectId => $PID, summary => 'interop perl 課題', description => "perl\nline",
        issueTypeId => $it->{id}, priorityId => 4, due_date => '20301231', start_date => '20300101',
        estimated_hours => '1.5', assignerId => $E->{demo}{id},
    });
    $S{issue} = $i;
    same('issue', [$i->{summary}, $i->{description}, $i->{status}{id}, $i->{priority}{id}, $i->{due_date}, $i->{start_date}, $i->{estimated_hours} + 0, $i->{assigner}{id}],
        ['interop perl 課題', "perl\nline", 1, 4, '20301231', '20300101', 1.5, $E->{demo}{id}]);
    return $i->{key};
});
check('backlog.updateIssue', 'assignerId => "" unassigns; due_date as <int>', sub {
    my $i = call($demo, 'backlog.updateIssue', {
        key => $S{issue}{key}, summary => 'interop perl 課題 v2', assignerId => '', due_date => '20311231',
    });
    same('issue', [$i->{summary}, $i->{due_date}, exists $i->{assigner} ? 'assigned' : 'unassigned'],
        ['interop perl 課題 v2', '20311231', 'unassigned']);
});
check('backlog.updateIssue', 'RPC::XML default encoding="us-ascii" with raw UTF-8 bytes keeps the text', sub {
    # Plain RPC::XML users (not WebService::Backlog) keep the default
    # declaration, yet RPC::XML writes the UTF-8 bytes of non-ASCII text.
    local $RPC::XML::ENCODING = 'us-ascii';
    my $i = call($demo, 'backlog.updateIssue', {key => $S{issue}{key}, description => '説明 ümlaut'});
    same('description', $i->{description}, '説明 ümlaut');
    die "request declared $1\n" if $demo->request->content =~ /encoding="([^"]+)"/ && $1 ne 'us-ascii';
});
check('backlog.switchStatus', 'to closed with a comment', sub {
    my $i = call($demo, 'backlog.switchStatus', {key => $S{issue}{key}, statusId => 4, resolutionId => 0, comment => '完了'});
    same('status', $i->{status}{id}, 4);
});
check('backlog.getComments', 'the switchStatus comment is there', sub {
    my $cs = call($demo, 'backlog.getComments', $S{issue}{id});
    die "no 完了 comment\n" unless grep { $_->{content} eq '完了' } @$cs;
});

# ---- search
check('backlog.countIssue', 'all, and closed (statusId as <int>)', sub {
    same('all', call($demo, 'backlog.countIssue', {projectId => $PID}), $E->{count_total} + 1);
    same('closed', call($demo, 'backlog.countIssue', {projectId => $PID, statusId => 4}), $E->{count_by_status}{4} + 1);
});
check('backlog.findIssue', 'sort CREATED, order => 1 (boolean) puts the oldest first', sub {
    my $asc = call($demo, 'backlog.findIssue', {projectId => $PID, sort => 'CREATED', order => RPC::XML::boolean->new(1)});
    my @c = map { $_->{created_on} } @$asc;
    same('ascending', \@c, [sort @c]);
    same('newest last', $asc->[-1]{key}, $S{issue}{key});
    my $q = call($demo, 'backlog.findIssue', {projectId => $PID, query => 'interop perl'});
    same('by keyword', [map { $_->{key} } @$q], [$S{issue}{key}]);
});

check('backlog.findIssue', 'due_date_min/max sent as <int> dates', sub {
    my $cond = {projectId => $PID, due_date_min => '20311201', due_date_max => '20311231'};
    same('found', [map { $_->{key} } @{ call($demo, 'backlog.findIssue', $cond) }], [$S{issue}{key}]);
    same('counted', call($demo, 'backlog.countIssue', $cond), 1);
});

# ---- settings CRUD (administrator)
check('backlog.addIssueType', 'add', sub {
    my $t = call($admin, 'backlog.addIssueType', {project_id => $PID, name => 'perl種別', color => '#7ea800'});
    same('t', [$t->{name}, $t->{color}], ['perl種別', '#7ea800']);
    $S{it} = $t->{id};
});
check('backlog.updateIssueType', 'update', sub {
    my $t = call($admin, 'backlog.updateIssueType', {id => $S{it}, name => 'perl種別2', color => '#666665'});
    same('t', [$t->{id}, $t->{name}, $t->{color}], [$S{it}, 'perl種別2', '#666665']);
});
check('backlog.deleteIssueType', 'delete with struct {id}', sub {
    same('deleted', call($admin, 'backlog.deleteIssueType', {id => $S{it}})->{id}, $S{it});
});
check('backlog.addVersion', 'a version named "1.0" (sent as <double>) keeps its name', sub {
    my $v = call($admin, 'backlog.addVersion', {project_id => $PID, name => '1.0', start_date => '20300101', due_date => '20300201'});
    same('v', [$v->{name}, $v->{start_date}, $v->{due_date}], ['1.0', '20300101', '20300201']);
    $S{ver} = $v->{id};
});
check('backlog.updateVersion', 'rename to "2.5" (<double>), archive with <int>1', sub {
    # RPC::XML writes a double with up to 20 decimals: "1.10" would go out as
    # 1.10000000000000008882 (a client quirk the server faithfully keeps), so
    # the rename uses a name that is exact in binary.
    my $v = call($admin, 'backlog.updateVersion', {id => $S{ver}, name => '2.5', archived => 1});
    same('v', [$v->{id}, $v->{name}, $v->{archived} ? 1 : 0], [$S{ver}, '2.5', 1]);
});
check('backlog.deleteVersion', 'delete with struct {id}', sub {
    same('deleted', call($admin, 'backlog.deleteVersion', {id => $S{ver}})->{id}, $S{ver});
    die "still listed\n" if grep { $_->{id} == $S{ver} } @{ call($demo, 'backlog.getVersions', $PID) };
});

# ---- faults
check('-', 'unknown method -> fault -32601', sub {
    my $f = fault($demo, 'backlog.getHoge');
    same('code', $f->code, -32601);
    return 'fault ' . $f->code . ': ' . $f->string;
}, 'faults');
check('-', 'countIssue without projectId -> fault -32602', sub {
    my $f = fault($demo, 'backlog.countIssue', {statusId => 1});
    same('code', $f->code, -32602);
    return 'fault ' . $f->code . ': ' . $f->string;
}, 'faults');
check('-', 'wrong password -> HTTP 401 after the challenge, no result', sub {
    my @codes;
    my $bad = client($E->{demo}{login}, 'wrong-password', \@codes);
    my $res = $bad->send_request('backlog.getProjects');
    die "got a response object\n" if ref $res;
    same('last status', $codes[-1], 401);
    return "error: $res";
}, 'faults');

exit($failed ? 1 : 0);
