# Invoke-EcsExec and Test-EcsExecReadiness through the BUILT module, against moto and the exec test server in
# console mode: module -> recording proxy -> exec test server (ExecuteCommand, TerminateSession, data channel;
# every other ECS call forwarded) -> moto.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-EcsAdminUnderTest


    function Invoke-MotoEcs {
        # A raw awsJson1.1 ECS call to moto (fixtures the module has no cmdlet for).
        param([string] $Operation, [hashtable] $Body)
        $headers = @{
            'X-Amz-Target' = "AmazonEC2ContainerServiceV20141113.$Operation"
            Authorization  = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0000'
        }
        Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body ($Body | ConvertTo-Json -Depth 10 -Compress)
    }

    function Invoke-LocalShell {
        # The reference: the command run here by a POSIX shell (stdout+stderr merged), as data.
        param([string] $Command, [string[]] $Shell = @('/bin/sh'))
        $psi = [System.Diagnostics.ProcessStartInfo]::new($Shell[0])
        foreach ($a in @($Shell | Select-Object -Skip 1) + @('-c', "exec 2>&1`n$Command")) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.UseShellExecute = $false
        $psi.StandardOutputEncoding = [System.Text.UTF8Encoding]::new($false)
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEnd()
        $p.WaitForExit()
        [pscustomobject]@{ Output = $out; ExitCode = $p.ExitCode }
    }

    $script:Moto = Start-MotoServer
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $Moto.Url
    $script:Server = Start-ExecTestServer -Upstream $Moto.Url
    $script:Proxy = Start-RecordingProxy -Upstream $Server.Url
    $env:AWS_ENDPOINT_URL_ECS = $Proxy.Url
    $env:AWS_ENDPOINT_URL_SSM = $Proxy.Url
    # One server for the image blocks (containers 'busybox' and 'distroless' run in those images): the command-mode
    # block and the interactive block share it.
    $script:BusyBoxImage = New-BusyBoxImage -Name busybox
    $script:NoShellImage = New-BusyBoxImage -Name distroless -NoShell
    $script:ImageServer = Start-ExecTestServer -Upstream $Moto.Url -ArgumentList @('--image', "busybox=$BusyBoxImage", '--image', "distroless=$NoShellImage")
    # A long base64url run: the shape of an exec token (the server's are 64 characters).
    $script:TokenShape = '[A-Za-z0-9_\-+/=]{40,}'
}

AfterAll {
    Remove-Item Env:AWS_ENDPOINT_URL_ECS, Env:AWS_ENDPOINT_URL_SSM -ErrorAction SilentlyContinue
    Stop-RecordingProxy $Proxy
    Stop-ExecTestServer $Server
    Stop-ExecTestServer $ImageServer
    Remove-Item $BusyBoxImage, $NoShellImage -Recurse -Force -ErrorAction SilentlyContinue
    Restore-AwsEnvironment $Env
    Stop-MotoServer $Moto
}

Describe 'Invoke-EcsExec' {
    BeforeEach {
        Reset-MotoServer $Moto
        $Proxy.Clear()
        $null = New-EcsCluster -Name exec
    }

    It 'returns one result per task with the output and exit code' {
        $results = @(Invoke-EcsExec -Cluster exec -Task t1, t2, t3 -Command 'echo hello-$((40+2))' -Confirm:$false)
        $results.Count | Should -Be 3
        ($results.TaskId | Sort-Object) | Should -Be @('t1', 't2', 't3')
        foreach ($r in $results) {
            $r | Should -BeOfType ([EcsAdmin.Models.EcsExecResult])
            $r.Output | Should -Be "hello-42`n"
            $r.ExitCode | Should -Be 0
            $r.Command | Should -Be 'echo hello-$((40+2))'
            $r.Cluster | Should -Be 'exec'
            $r.Region | Should -Be 'us-east-1'
            $r.SessionId | Should -Match '^ecs-execute-command-'
            $r.TaskArn | Should -Be "arn:aws:ecs:us-east-1:123456789012:task/exec/$($r.TaskId)"
        }
        $Proxy.WaitIdle(5000) | Out-Null
        $Proxy.Count('ExecuteCommand') | Should -Be 3
        # Every session is ended with SSM TerminateSession.
        $terminated = @(Get-RecordedRequest -Proxy $Proxy -Operation TerminateSession | ForEach-Object { ($_.Body | ConvertFrom-Json).SessionId })
        ($terminated | Sort-Object) | Should -Be @($results.SessionId | Sort-Object)
        # ECS saw the wrapped command (for the exit code), sent as interactive.
        $sent = (Get-RecordedRequest -Proxy $Proxy -Operation ExecuteCommand)[0].Body | ConvertFrom-Json
        $sent.interactive | Should -BeTrue
        $sent.command | Should -Match '^/bin/sh -c '
    }

    It 'reports exit 3 as ExitCode 3 without an error' {
        $r = Invoke-EcsExec -Cluster exec -Task t1 -Command 'echo failing; exit 3' -Confirm:$false -ErrorVariable errs
        $r.ExitCode | Should -Be 3
        $r.Output | Should -Be "failing`n"
        $errs | Should -BeNullOrEmpty
    }

    It 'writes ExecNonZeroExitCode with -FailOnNonZeroExit and still returns the result' {
        $r = Invoke-EcsExec -Cluster exec -Task t1 -Command 'exit 3' -FailOnNonZeroExit -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.ExitCode | Should -Be 3
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ExecNonZeroExitCode*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
    }

    It 'takes tasks from the pipeline by property name (Cluster, TaskArn)' {
        $tasks = 'p1', 'p2' | ForEach-Object {
            [pscustomobject]@{ Cluster = 'exec'; TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/exec/$_"; TaskId = $_; Containers = @() }
        }
        $results = @($tasks | Invoke-EcsExec -Command 'echo piped' -Confirm:$false)
        ($results.TaskId | Sort-Object) | Should -Be @('p1', 'p2')
        $results.Output | Should -Be @("piped`n", "piped`n")
    }

    It 'writes ExecNoRunningTask for a piped service without running tasks' {
        $svc = [pscustomobject]@{ Cluster = 'exec'; Service = 'web' }
        $out = $svc | Invoke-EcsExec -Command 'true' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ExecNoRunningTask*'
        $Proxy.Count('ExecuteCommand') | Should -Be 0
    }

    It 'starts no session with -WhatIf' {
        $out = Invoke-EcsExec -Cluster exec -Task t1 -Command 'touch /tmp/x' -WhatIf
        $out | Should -BeNullOrEmpty
        $Proxy.WaitIdle(2000) | Out-Null
        $Proxy.Count('ExecuteCommand') | Should -Be 0
    }

    It 'runs KMS-encrypted sessions: output and exit code round-trip through moto''s KMS' {
        $headers = @{
            'X-Amz-Target' = 'TrentService.CreateKey'
            Authorization  = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0000'
        }
        $key = (Invoke-RestMethod -Method Post -Uri $Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body '{"Description":"exec"}').KeyMetadata.Arn
        $null = Invoke-MotoEcs CreateCluster @{ clusterName = 'kms'; configuration = @{ executeCommandConfiguration = @{ kmsKeyId = $key; logging = 'DEFAULT' } } }
        $r = Invoke-EcsExec -Cluster kms -Task t1 -Command 'echo encrypted-$((6*7)); printf ''é\n''; exit 7' -Confirm:$false -Verbose 4>&1
        $result = $r | Where-Object { $_ -is [EcsAdmin.Models.EcsExecResult] }
        $verbose = ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $result.Output | Should -BeExactly "encrypted-42`né`n"
        $result.ExitCode | Should -Be 7
        $verbose | Should -Match "KMS GenerateDataKey for exec session ecs-execute-command-\w+ with key $([regex]::Escape($key))"
        $verbose | Should -Match 'GenerateDataKey'
    }

    It 'names AWS''s reason when the KMS key cannot make a data key (ExecKmsFailed)' {
        $null = Invoke-MotoEcs CreateCluster @{ clusterName = 'kmsgone'; configuration = @{ executeCommandConfiguration = @{ kmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000'; logging = 'DEFAULT' } } }
        $out = Invoke-EcsExec -Cluster kmsgone -Task t1 -Command 'true' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ExecKmsFailed*'
        "$($errs[0])" | Should -Match 'GenerateDataKey failed'
    }

    It 'refuses -Interactive outside an interactive console with ExecInteractiveNeedsConsole' {
        { Invoke-EcsExec -Cluster exec -Task t1 -Interactive -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExecInteractiveNeedsConsole*'
        $Proxy.WaitIdle(2000) | Out-Null
        $Proxy.Count('ExecuteCommand') | Should -Be 0
    }

    It 'refuses -Interactive for more than one target with ExecInteractiveNeedsOneTarget' {
        { Invoke-EcsExec -Cluster exec -Task t1, t2 -Interactive -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExecInteractiveNeedsOneTarget*'
    }

    It 'needs -Command unless -Interactive' {
        { Invoke-EcsExec -Cluster exec -Task t1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ExecCommandEmpty*'
    }

    It 'keeps the exec token out of every stream with -Verbose and -Debug' {
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $all = @(Invoke-EcsExec -Cluster exec -Task s1, s2 -Command 'echo secret-check; exit 5' -FailOnNonZeroExit -Verbose -Debug -Confirm:$false -ErrorAction Continue *>&1)
        $DebugPreference = 'SilentlyContinue'
        $VerbosePreference = 'SilentlyContinue'
        $texts = foreach ($item in $all) {
            switch ($item) {
                { $_ -is [EcsAdmin.Models.EcsExecResult] } { $_.Output; $_.SessionId; $_.Command; $_.TaskArn; break }
                { $_ -is [System.Management.Automation.ErrorRecord] } { "$_"; $_.ErrorDetails.RecommendedAction; $_.Exception.Message; break }
                default { "$_" }
            }
        }
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        @($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterThan 0
        @($all | Where-Object { $_ -is [EcsAdmin.Models.EcsExecResult] }).Count | Should -Be 2
        @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 2
        ($texts -join "`n") | Should -Match 'ExecuteCommand'
        foreach ($t in $texts) {
            "$t" | Should -Not -Match 'tokenValue'
            "$t" | Should -Not -Match $TokenShape
        }
    }
}

Describe 'Invoke-EcsExec command mode against the agent-faithful server (no shell, pty)' {
    BeforeAll {
        # Each case: the command; the expected output and exit code come from running it here with /bin/sh.
        $script:Cases = @(
            @{ Name = 'quotes'; Command = "printf '%s|' `"it's`" 'a `"b`"' \`$HOME; echo" }
            @{ Name = 'dollar and substitutions'; Command = 'x=''a  b''; echo "$x" $x $((6*7)) $(echo sub) `echo tick`; exit 3' }
            @{ Name = 'newlines'; Command = "echo one`necho two`ncat <<'EOF'`nhere `$HOME`nEOF" }
            @{ Name = 'pipes'; Command = 'printf ''b\na\nc\n'' | sort | tr a-z A-Z; false' }
            @{ Name = 'non-ASCII'; Command = 'echo ''é ü 漢字 🚀''; echo stderr-too >&2; exit 42' }
            @{ Name = 'carriage return kept'; Command = 'printf ''cr\r\nend''' }
        )
    }
    BeforeEach {
        Reset-MotoServer $Moto
        $null = New-EcsCluster -Name exec
    }

    It 'returns the output and exit code as data: <Name>' -ForEach @(
        @{ Name = 'quotes' }, @{ Name = 'dollar and substitutions' }, @{ Name = 'newlines' }, @{ Name = 'pipes' }, @{ Name = 'non-ASCII' }, @{ Name = 'carriage return kept' }
    ) {
        $case = $Cases | Where-Object { $_.Name -eq $Name }
        $expected = Invoke-LocalShell $case.Command
        $r = Invoke-EcsExec -Cluster exec -Task t1 -Command $case.Command -Confirm:$false -WarningAction SilentlyContinue
        $r.Output | Should -BeExactly $expected.Output
        $r.ExitCode | Should -Be $expected.ExitCode
    }

    It 'ran the command through the wrapper, split without a shell' {
        # Only the wrapper's /bin/sh interprets ';': sent bare, ECS would print the text.
        $r = Invoke-EcsExec -Cluster exec -Task t1 -Command 'echo hello; exit 3' -Confirm:$false
        $r.Output | Should -BeExactly "hello`n"
        $r.ExitCode | Should -Be 3
    }
}

Describe 'Invoke-EcsExec in images: BusyBox sh, and no shell at all' {
    BeforeAll {
        $script:SavedEcs = $env:AWS_ENDPOINT_URL_ECS
        $script:SavedSsm = $env:AWS_ENDPOINT_URL_SSM
        $env:AWS_ENDPOINT_URL_ECS = $ImageServer.Url
        $env:AWS_ENDPOINT_URL_SSM = $ImageServer.Url
    }
    AfterAll {
        $env:AWS_ENDPOINT_URL_ECS = $SavedEcs
        $env:AWS_ENDPOINT_URL_SSM = $SavedSsm
    }
    BeforeEach {
        Reset-MotoServer $Moto
        $null = New-EcsCluster -Name exec
    }

    It 'works where /bin/sh is BusyBox ash: <Command>' -ForEach @(
        @{ Command = "printf '%s|' `"it's`" 'a `"b`"'; echo; readlink /bin/sh; exit 4" }
        @{ Command = 'echo ''é ü 漢字''; printf ''b\na\n'' | sort; echo "$((6*7))"' }
        @{ Command = "echo one`ncat <<'EOF'`nhere `$HOME`nEOF`nfalse" }
    ) {
        $expected = Invoke-LocalShell $Command -Shell '/bin/busybox', 'sh'
        $r = Invoke-EcsExec -Cluster exec -Task t1 -Container busybox -Command $Command -Confirm:$false
        # readlink /bin/sh: 'dash' here, 'busybox' in the image (the proof that BusyBox ran it).
        $r.Output | Should -BeExactly ($expected.Output -replace '(?m)^dash$', 'busybox')
        $r.ExitCode | Should -Be $expected.ExitCode
    }

    It 'says clearly that the image has no /bin/sh (ExecShellNotFound), with the agent''s words' {
        $out = Invoke-EcsExec -Cluster exec -Task t1 -Container distroless -Command 'echo hi' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ExecShellNotFound*'
        "$($errs[0])" | Should -Match 'has no /bin/sh'
        "$($errs[0])" | Should -Match 'fork/exec /bin/sh: no such file or directory'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'BusyBox'
    }
}

Describe 'Invoke-EcsExec -Interactive in a real terminal (tmux)' {
    # pwsh runs in a tmux pane (a real pseudo-terminal): keys are typed with send-keys, the screen is read with
    # capture-pane. The remote side is the agent-faithful server running BusyBox ash (line editing, history, Tab).
    BeforeAll {
        $script:TtyServer = $ImageServer
        Reset-MotoServer $Moto
        $null = New-EcsCluster -Name exec
        $script:Sock = "ecsadmin-pester-$PID"
        function Invoke-Tmux { & tmux -L $Sock @args }
        function Get-Screen { ((Invoke-Tmux capture-pane -p -J -t exec -S -300) | ForEach-Object { $_.TrimEnd() }) -join "`n" }
        function Wait-Screen {
            # Waits (generously) for the pattern on the screen, then returns the screen; the assertion is on content.
            param([string] $Pattern, [int] $Count = 1, [int] $TimeoutSec = 60)
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
            do {
                $screen = Get-Screen
                if ([regex]::Matches($screen, $Pattern).Count -ge $Count) { return $screen }
                Start-Sleep -Milliseconds 100
            } while ([DateTime]::UtcNow -lt $deadline)
            $screen
        }
        function Send-Line([string] $Text) { Invoke-Tmux send-keys -t exec -l $Text; Invoke-Tmux send-keys -t exec Enter }

        $pwsh = (Get-PwshCommand) + @('-NoProfile', '-NoLogo')
        $env:AWS_ENDPOINT_URL_ECS = $TtyServer.Url
        $env:AWS_ENDPOINT_URL_SSM = $TtyServer.Url
        Invoke-Tmux new-session -d -s exec -x 120 -y 40 @pwsh
        $env:AWS_ENDPOINT_URL_ECS = $Proxy.Url
        $env:AWS_ENDPOINT_URL_SSM = $Proxy.Url
        # The prompt line as capture-pane gives it (trailing blanks trimmed); a setup wait that runs out fails here
        # rather than costing its whole timeout silently.
        if ((Wait-Screen '(?m)^PS .*>$') -notmatch '(?m)^PS .*>$') { throw 'pwsh showed no prompt in tmux' }
        Send-Line "Import-Module '$(Get-EcsAdminModulePath)'; `$before = stty -g; 'ready-' + 'for-exec'"
        $null = Wait-Screen 'ready-for-exec'
    }
    AfterAll {
        Invoke-Tmux kill-server 2>$null
    }

    It 'prints Starting session and shows the remote prompt' {
        Send-Line "Invoke-EcsExec -Cluster exec -Task t1 -Container busybox -Interactive -Command `"env 'PS1=remote> ' /bin/sh`" -Confirm:`$false"
        $screen = Wait-Screen '(?m)^remote>'
        $screen | Should -Match 'Starting session with SessionId: ecs-execute-command-'
        $screen | Should -Match 'Type ~\. at the start of a line to leave the session'
        $screen | Should -Match '(?m)^remote>'
    }

    It 'runs what is typed, echoed by the remote pty' {
        Send-Line 'echo typed-$((6*7))'
        $screen = Wait-Screen '(?m)^typed-42$'
        $screen | Should -Match 'remote> echo typed-\$\(\(6\*7\)\)'
        $screen | Should -Match '(?m)^typed-42$'
    }

    It 'forwards arrow keys (Up recalls the last command from the remote history)' {
        Invoke-Tmux send-keys -t exec Up
        Invoke-Tmux send-keys -t exec Enter
        (Wait-Screen '(?m)^typed-42$' -Count 2) | Should -Match '(?s)typed-42.*typed-42'
    }

    It 'forwards Tab (the remote shell completes the command name)' {
        Invoke-Tmux send-keys -t exec -l 'ech'
        Invoke-Tmux send-keys -t exec Tab
        Invoke-Tmux send-keys -t exec -l 'tab-completed'
        Invoke-Tmux send-keys -t exec Enter
        (Wait-Screen '(?m)^tab-completed$') | Should -Match '(?m)^tab-completed$'
    }

    It 'forwards Ctrl+C to the remote foreground job, not to PowerShell' {
        Send-Line 'sleep 300; echo not-interrupted'
        $null = Wait-Screen 'remote> sleep 300'
        Invoke-Tmux send-keys -t exec C-c
        Send-Line 'echo after-ctrl-$((1+1))'
        $screen = Wait-Screen '(?m)^after-ctrl-2$'
        $screen | Should -Match '(?m)^after-ctrl-2$'
        $screen | Should -Not -Match '(?m)^not-interrupted$'
    }

    It 'sends the terminal size, and again on resize' {
        Send-Line 'stty size'
        (Wait-Screen '(?m)^40 120$') | Should -Match '(?m)^40 120$'
        Invoke-Tmux resize-window -t exec -x 100 -y 30
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        # The size is polled locally: ask again until the new one has reached the remote pty.
        do { Send-Line 'stty size'; $screen = Wait-Screen '(?m)^30 100$' -TimeoutSec 2 } while ($screen -notmatch '(?m)^30 100$' -and [DateTime]::UtcNow -lt $deadline)
        $screen | Should -Match '(?m)^30 100$'
    }

    It 'ends cleanly on Ctrl+D (the remote shell exits) and restores the console' {
        Invoke-Tmux send-keys -t exec C-d
        $screen = Wait-Screen 'Exiting session with SessionId: ecs-execute-command-\w+\.\s+PS .*>'
        $screen | Should -Match 'Exiting session with SessionId: ecs-execute-command-\w+\.'
        Send-Line "'restored:' + ((stty -g) -eq `$before)"
        (Wait-Screen '(?m)^restored:True') | Should -Match '(?m)^restored:True'
    }

    It 'always leaves with ~. (the remote ignores Ctrl+C and never ends) and restores the console' {
        $line = @'
Invoke-EcsExec -Cluster exec -Task t2 -Container busybox -Interactive -Command '/bin/sh -c ''trap "" INT; echo stuck-here; sleep 300''' -Confirm:$false
'@
        Send-Line $line
        $null = Wait-Screen '(?m)^stuck-here'
        Invoke-Tmux send-keys -t exec C-c
        Invoke-Tmux send-keys -t exec Enter
        Invoke-Tmux send-keys -t exec -l '~.'
        $screen = Wait-Screen 'Left exec session ecs-execute-command-\w+ \(~\.\)\.\s+PS .*>'
        $screen | Should -Match 'Left exec session ecs-execute-command-\w+ \(~\.\)'
        Send-Line "'after-escape:' + ((stty -g) -eq `$before)"
        (Wait-Screen '(?m)^after-escape:True') | Should -Match '(?m)^after-escape:True'
    }
}

Describe 'Test-EcsExecReadiness' {
    # moto answers DescribeTasks with containers[].cpu as a JSON number (ECS sends a string), which the wire types
    # refuse; the task-level checks therefore run against a canned ECS endpoint with real ECS reply shapes.
    BeforeAll {
        if (-not ('EcsAdminExecTest.CannedEcs' -as [type])) {
            Add-CachedType -Name CannedEcs -TypeName 'EcsAdminExecTest.CannedEcs' -ReferencedAssemblies System.Net.HttpListener, System.Collections.Concurrent, System.Net.Primitives, System.Threading.Thread, System.Threading, System.Collections.Specialized, System.Net.WebHeaderCollection, System.Runtime -Source @'
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading;
namespace EcsAdminExecTest
{
    /// <summary>An awsJson1.1 endpoint that answers each operation with scripted JSON (400 UnknownOperationException otherwise).</summary>
    public sealed class CannedEcs : IDisposable
    {
        readonly HttpListener _listener = new HttpListener();
        readonly ConcurrentDictionary<string, string> _replies = new ConcurrentDictionary<string, string>();
        public ConcurrentQueue<string> Calls { get; } = new ConcurrentQueue<string>();
        public string Url { get; }
        public CannedEcs(int port)
        {
            Url = "http://127.0.0.1:" + port + "/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            new Thread(Loop) { IsBackground = true, Name = "canned-ecs" }.Start();
        }
        public void Set(string operation, string json) { _replies[operation] = json; }
        void Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext c;
                try { c = _listener.GetContext(); } catch (Exception) { return; }
                try
                {
                    var target = c.Request.Headers["X-Amz-Target"] ?? "";
                    var op = target.Substring(target.IndexOf('.') + 1);
                    Calls.Enqueue(op);
                    string body;
                    if (_replies.TryGetValue(op, out body)) c.Response.StatusCode = 200;
                    else { c.Response.StatusCode = 400; body = "{\"__type\":\"UnknownOperationException\",\"message\":\"" + op + " is not scripted\"}"; }
                    var bytes = Encoding.UTF8.GetBytes(body);
                    c.Response.ContentType = "application/x-amz-json-1.1";
                    c.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                    c.Response.OutputStream.Write(bytes, 0, bytes.Length);
                    c.Response.Close();
                }
                catch (Exception) { }
            }
        }
        public void Dispose() { try { _listener.Stop(); _listener.Close(); } catch (Exception) { } }
    }
}
'@
        }
        $script:Canned = [EcsAdminExecTest.CannedEcs]::new((Get-FreeTcpPort))

        function Set-CannedTask {
            param([bool] $Ready)
            $task = @{
                taskArn = 'arn:aws:ecs:us-east-1:123456789012:task/demo/abc123'
                clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/demo'
                taskDefinitionArn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3'
                lastStatus = if ($Ready) { 'RUNNING' } else { 'PROVISIONING' }
                enableExecuteCommand = $Ready
                launchType = 'FARGATE'
                platformVersion = if ($Ready) { '1.4.0' } else { '1.3.0' }
                containers = @(@{ name = 'app'; cpu = '0'; managedAgents = @(@{ name = 'ExecuteCommandAgent'; lastStatus = if ($Ready) { 'RUNNING' } else { 'STOPPED' } }) })
            }
            $Canned.Set('DescribeTasks', (@{ tasks = @($task); failures = @() } | ConvertTo-Json -Depth 10 -Compress))
            $td = @{ taskDefinitionArn = $task.taskDefinitionArn; family = 'web'; revision = 3; containerDefinitions = @(@{ name = 'app'; image = 'nginx' }) }
            if ($Ready) { $td.taskRoleArn = 'arn:aws:iam::123456789012:role/web-task' }
            $Canned.Set('DescribeTaskDefinition', (@{ taskDefinition = $td } | ConvertTo-Json -Depth 10 -Compress))
            $cluster = @{ clusterName = 'demo'; clusterArn = $task.clusterArn; status = 'ACTIVE' }
            if (-not $Ready) { $cluster.configuration = @{ executeCommandConfiguration = @{ kmsKeyId = 'alias/exec'; logging = 'DEFAULT' } } }
            $Canned.Set('DescribeClusters', (@{ clusters = @($cluster); failures = @() } | ConvertTo-Json -Depth 10 -Compress))
        }
    }

    AfterAll { if ($Canned) { $Canned.Dispose() } }

    BeforeEach {
        Reset-MotoServer $Moto
        $Proxy.Clear()
        $null = New-EcsCluster -Name exec
    }

    It 'passes all six checks for a ready task' {
        Set-CannedTask -Ready $true
        $checks = @(Test-EcsExecReadiness -Cluster demo -Task abc123 -EndpointUrl $Canned.Url)
        $checks.Check | Should -Be @('TaskRunning', 'ExecuteCommandEnabled', 'ExecuteCommandAgent', 'PlatformVersion', 'TaskRole', 'ClusterKms')
        foreach ($c in $checks) {
            $c | Should -BeOfType ([EcsAdmin.Models.EcsExecCheck])
            $c.Passed | Should -BeTrue -Because $c.Detail
            $c.RecommendedAction | Should -BeNullOrEmpty
            $c.TaskId | Should -Be 'abc123'
            $c.Cluster | Should -Be 'demo'
            $c.Region | Should -Be 'us-east-1'
        }
        ($checks | Where-Object Check -EQ 'TaskRole').Detail | Should -Match 'role/web-task'
        ($checks | Format-Table | Out-String) | Should -Match 'ExecuteCommandAgent'
    }

    It 'fails each blocking check with a detail and a recommended action' {
        Set-CannedTask -Ready $false
        $checks = @(Test-EcsExecReadiness -Cluster demo -Task abc123 -EndpointUrl $Canned.Url)
        # Six checks plus KmsDataKey: the cluster has a KMS key (the canned endpoint answers no KMS call).
        $checks.Count | Should -Be 7
        foreach ($c in $checks) {
            $c.Passed | Should -BeFalse -Because $c.Check
            $c.RecommendedAction | Should -Not -BeNullOrEmpty
        }
        ($checks | Where-Object Check -EQ 'TaskRunning').Detail | Should -Match 'PROVISIONING'
        ($checks | Where-Object Check -EQ 'ExecuteCommandAgent').Detail | Should -Match 'app: STOPPED'
        ($checks | Where-Object Check -EQ 'PlatformVersion').Detail | Should -Match '1\.3\.0'
        ($checks | Where-Object Check -EQ 'ClusterKms').Detail | Should -Match 'alias/exec'
        ($checks | Where-Object Check -EQ 'KmsDataKey').Detail | Should -Match 'GenerateDataKey'
        ($checks | Where-Object Check -EQ 'ExecuteCommandAgent').RecommendedAction | Should -Match 'ssmmessages'
    }

    It 'writes TaskNotFound for a task that does not exist (moto)' {
        $out = Test-EcsExecReadiness -Cluster exec -Task 00000000000000000000000000000000 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskNotFound*'
    }
}
