# Task definitions carry every field ECS keeps: a file using every field of the RegisterTaskDefinition request is
# registered through the built module against moto, read back and compared field by field, registered again from the
# object, and shown in views and CSV as text. The model is checked against botocore's shapes at test time, so a field
# botocore adds later fails here until the model has it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    $script:Sample = Join-Path $PSScriptRoot 'data/task-definition-every-field.json'

    # Whether a list is the request's form of a map: name/value or key/value entries (environment, proxy
    # properties, tags).
    function Test-MapEntryList($List) {
        @($List | Where-Object { -not ($_ -is [System.Collections.IDictionary] -and $_.Count -eq 2 -and $_.Contains('value') -and ($_.Contains('name') -or $_.Contains('key'))) }).Count -eq 0
    }

    # JSON text with keys sorted at every level, so two documents compare whatever order they were written in.
    # -MapEntriesInAnyOrder sorts the entries of map lists too (by name or key).
    function ConvertTo-CanonicalJson {
        param($Value, [switch] $MapEntriesInAnyOrder)
        function Sort-Node($n) {
            if ($n -is [System.Collections.IDictionary]) {
                $o = [ordered]@{}
                foreach ($k in @($n.Keys | Sort-Object -CaseSensitive)) { $o[$k] = Sort-Node $n[$k] }
                return $o
            }
            if ($n -is [System.Collections.IList]) {
                $items = @($n | ForEach-Object { Sort-Node $_ })
                if ($MapEntriesInAnyOrder -and (Test-MapEntryList $items)) {
                    $items = @($items | Sort-Object -CaseSensitive { if ($_.Contains('name')) { $_.name } else { $_.key } })
                }
                return , $items
            }
            $n
        }
        Sort-Node $Value | ConvertTo-Json -Depth 40 -Compress
    }

    # Every value the file gives, compared with the model's property of the same name (recursively). Name/value and
    # key/value lists (environment, proxy properties, tags) are maps in the model. Returns the differences.
    function Compare-Field {
        param($Expected, $Actual, [string] $Path)
        if ($Expected -is [System.Collections.IDictionary]) {
            if ($Actual -is [System.Collections.IDictionary]) {
                foreach ($k in $Expected.Keys) { if ("$($Actual[$k])" -cne "$($Expected[$k])") { "$Path.$k is '$($Actual[$k])', not '$($Expected[$k])'" } }
                if ($Actual.Count -ne $Expected.Count) { "$Path has $($Actual.Count) entries, not $($Expected.Count)" }
                return
            }
            foreach ($k in $Expected.Keys) {
                $p = if ($null -ne $Actual) { $Actual.PSObject.Properties[$k] }
                if ($null -eq $p) { "$Path.$k has no property on $($Actual.GetType().Name)"; continue }
                Compare-Field -Expected $Expected[$k] -Actual $p.Value -Path "$Path.$k"
            }
            return
        }
        if ($Expected -is [System.Collections.IList]) {
            if ($Actual -is [System.Collections.IDictionary] -and (Test-MapEntryList $Expected)) {
                $map = @{}
                foreach ($e in $Expected) { $map[$(if ($e.Contains('key')) { $e.key } else { $e.name })] = $e.value }
                Compare-Field -Expected $map -Actual $Actual -Path $Path
                return
            }
            $a = @($Actual)
            if ($a.Count -ne $Expected.Count) { "$Path has $($a.Count) items, not $($Expected.Count)"; return }
            for ($i = 0; $i -lt $Expected.Count; $i++) { Compare-Field -Expected $Expected[$i] -Actual $a[$i] -Path "$Path[$i]" }
            return
        }
        if ("$Actual" -cne "$Expected") { "$Path is '$Actual', not '$Expected'" }
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'A task definition using every field' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $script:Proxy.Clear()
        $script:File = Get-Content -LiteralPath $script:Sample -Raw | ConvertFrom-Json -AsHashtable
        $script:Registered = Register-EcsTaskDefinition -Path $script:Sample
        $script:Sent = (Get-RecordedRequest -Proxy $script:Proxy -Operation RegisterTaskDefinition)[0].Body | ConvertFrom-Json -AsHashtable
        $script:Got = Get-EcsTaskDefinition everyfield
    }

    It 'sends every field of the file, as written' {
        $script:Registered.FamilyRevision | Should -Be 'everyfield:1'
        $script:Sent | Should -Not -BeNullOrEmpty
        ConvertTo-CanonicalJson $script:Sent | Should -BeExactly (ConvertTo-CanonicalJson $script:File)
    }

    It 'reads every field back, field by field' {
        # moto does not keep enableFaultInjection; the request above shows it was sent.
        $expected = $script:File.Clone()
        $expected.Remove('enableFaultInjection')
        $script:Sent.enableFaultInjection | Should -BeTrue
        $differences = @(Compare-Field -Expected $expected -Actual $script:Got -Path 'td')
        $differences | Should -BeNullOrEmpty
        # The comparison itself sees a changed value, a changed map entry and a field the model would lack.
        $changed = $script:File | ConvertTo-Json -Depth 40 | ConvertFrom-Json -AsHashtable
        $changed.containerDefinitions[0].ulimits[0].softLimit = 2048
        $changed.containerDefinitions[0].environment[0].value = 'debug'
        $changed.containerDefinitions[0].linuxParameters.notAField = 1
        $found = @(Compare-Field -Expected $changed -Actual $script:Got -Path 'td')
        $found | Should -HaveCount 4
        $found -join "`n" | Should -Match 'softLimit is .1024., not .2048.'
        $found -join "`n" | Should -Match 'environment.LOG_LEVEL is .info., not .debug.'
        $found -join "`n" | Should -Match 'notAField has no property'
        # The read-only fields ECS adds are there too.
        $script:Got.TaskDefinitionArn | Should -BeLike '*:task-definition/everyfield:1'
        $script:Got.Status | Should -Be 'ACTIVE'
        $script:Got.Compatibilities | Should -Contain 'EC2'
    }

    It 'the model parts are typed, not hashtables' {
        $app = $script:Got.ContainerDefinitions | Where-Object Name -eq 'app'
        $app.HealthCheck | Should -BeOfType ([EcsAdmin.Models.EcsHealthCheck])
        $app.Ulimits[0] | Should -BeOfType ([EcsAdmin.Models.EcsUlimit])
        $app.LinuxParameters.Tmpfs[0].Size | Should -Be 32
        $app.DependsOn[0].Condition | Should -Be 'HEALTHY'
        ($script:Got.Volumes | Where-Object Name -eq 'shared').EfsVolumeConfiguration.AuthorizationConfig.AccessPointId | Should -Be 'fsap-0123456789abcdef0'
        $script:Got.ProxyConfiguration.Properties['IgnoredUID'] | Should -Be '1337'
    }

    It 'registers again from the object with every field' {
        $script:Proxy.Clear()
        $again = $script:Got | Register-EcsTaskDefinition -Confirm:$false
        $again.FamilyRevision | Should -Be 'everyfield:2'
        $expected = $script:Sent.Clone()
        # What moto gave back is what is sent again: it keeps no enableFaultInjection, and like ECS it reports cpu 0
        # for a container registered without one.
        $expected.Remove('enableFaultInjection')
        ($expected.containerDefinitions | Where-Object name -eq 'db').cpu = 0
        $body = (Get-RecordedRequest -Proxy $script:Proxy -Operation RegisterTaskDefinition)[0].Body | ConvertFrom-Json -AsHashtable
        ConvertTo-CanonicalJson $body | Should -BeExactly (ConvertTo-CanonicalJson $expected)
    }

    It 'registers again from its Import-Clixml copy with every field the object has' {
        $file = Join-Path $TestDrive 'everyfield.xml'
        $script:Got | Export-Clixml -LiteralPath $file -Depth 10
        $copy = Import-Clixml -LiteralPath $file
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.EcsAdmin.Models.EcsTaskDefinition'
        $script:Proxy.Clear()
        $fromObject = $script:Got | Register-EcsTaskDefinition -Confirm:$false
        $fromCopy = $copy | Register-EcsTaskDefinition -Confirm:$false
        $fromCopy.Family | Should -Be 'everyfield'
        $fromCopy.Revision | Should -Be ($fromObject.Revision + 1)
        $bodies = @(Get-RecordedRequest -Proxy $script:Proxy -Operation RegisterTaskDefinition | ForEach-Object { $_.Body | ConvertFrom-Json -AsHashtable })
        $bodies | Should -HaveCount 2
        $bodies[1].containerDefinitions | Should -HaveCount $script:Got.ContainerDefinitions.Count
        # Import-Clixml reads a map back as a hashtable, so its entries (environment, tags, proxy properties) may come
        # in another order; ECS gives that order no meaning. Everything else must be the same, in the same order.
        ConvertTo-CanonicalJson $bodies[1] -MapEntriesInAnyOrder | Should -BeExactly (ConvertTo-CanonicalJson $bodies[0] -MapEntriesInAnyOrder)
    }

    It 'refuses a copy exported at Export-Clixml''s default depth, naming the part it lost, and sends nothing' {
        $file = Join-Path $TestDrive 'shallow.xml'
        $script:Got | Export-Clixml -LiteralPath $file
        $copy = Import-Clixml -LiteralPath $file
        $script:Proxy.Clear()
        $out = $copy | Register-EcsTaskDefinition -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'DeserializedObjectTooShallow'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -Match '^EcsTaskDefinition\.\w+.* was exported as the text'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Export-Clixml -Depth 10'
        $failures[0].TargetObject | Should -Be $copy
        $script:Proxy.Count('RegisterTaskDefinition') | Should -Be 0
    }

    It 'refuses a copy edited into a value of the wrong type, naming the property, and sends nothing' {
        $file = Join-Path $TestDrive 'edited.xml'
        $script:Got | Export-Clixml -LiteralPath $file -Depth 10
        $copy = Import-Clixml -LiteralPath $file
        $copy.ContainerDefinitions[0].PortMappings[0].ContainerPort = 'eighty'
        $script:Proxy.Clear()
        $out = $copy | Register-EcsTaskDefinition -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'DeserializedObjectInvalid'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -BeLike "EcsTaskDefinition.ContainerDefinitions``[0``].PortMappings``[0``].ContainerPort holds 'eighty', which cannot be read as Int32.*"
        $script:Proxy.Count('RegisterTaskDefinition') | Should -Be 0
    }

    It 'registering the object again with -WhatIf sends nothing and names the family' {
        $script:Proxy.Clear()
        # What-if text goes to the host, not to a stream: read it back from a transcript.
        $text = Get-WhatIfText { Get-EcsTaskDefinition everyfield | Register-EcsTaskDefinition -WhatIf }
        $text | Should -Match 'What if: Performing the operation "Register ECS task definition" on target "everyfield"'
        $script:Proxy.Count('DescribeTaskDefinition') | Should -Be 1
        $script:Proxy.Count('RegisterTaskDefinition') | Should -Be 0
    }

    It 'secrets show their name and source only, and nothing reads them' {
        $app = $script:Got.ContainerDefinitions | Where-Object Name -eq 'app'
        @([EcsAdmin.Models.EcsSecret].GetProperties().Name | Sort-Object) | Should -Be @('Name', 'ValueFrom')
        "$($app.Secrets)" | Should -Be 'DB_PASSWORD <- arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password'
        $app.LogConfiguration.SecretOptions[0].ToString() | Should -Be 'apikey <- arn:aws:ssm:us-east-1:123456789012:parameter/log-api-key'
        ($app | Format-List | Out-String) | Should -BeLike '*Secrets*: DB_PASSWORD <- arn:aws:secretsmanager:*:secret:db-password*'
        # Only ECS was asked: no Secrets Manager or SSM request resolved a value.
        @(Get-RecordedRequest -Proxy $script:Proxy | Where-Object { $_.Target -notlike 'AmazonEC2ContainerService*' }) | Should -BeNullOrEmpty
    }

    It 'the container list view shows what an admin checks, and only what is set' {
        $app = $script:Got.ContainerDefinitions | Where-Object Name -eq 'app'
        $db = $script:Got.ContainerDefinitions | Where-Object Name -eq 'db'
        $text = $app | Out-String -Width 200
        foreach ($line in @(
                'DependsOn *: db:HEALTHY'
                'HealthCheck *: CMD-SHELL curl -f http://localhost:8080/ || exit 1 (every 30s, timeout 5s, 3 retries, start period 10s)'
                'Ulimits *: nofile=1024:4096'
                'MountPoints *: shared:/mnt/shared (read-only), scratch:/tmp/scratch'
                'PortMappings *: http=8080/tcp http (host 80), 9000-9010/udp'
                'LinuxParameters *: init process; add SYS_PTRACE; drop NET_RAW, MKNOD*')) {
            $text | Should -BeLike "*$line*"
        }
        $dbText = $db | Out-String -Width 200
        $dbText | Should -BeLike '*HealthCheck *: CMD pg_isready*'
        $dbText | Should -Not -BeLike '*Ulimits*'
        $dbText | Should -Not -BeLike '*Secrets*'
        # Format-List * shows every field, set or not.
        ($db | Format-List * | Out-String -Width 200) | Should -BeLike '*DockerSecurityOptions*'
    }

    It 'no CSV cell of a task definition or any of its parts reads as a .NET type name' {
        $objects = [System.Collections.Generic.List[object]]::new()
        $queue = [System.Collections.Generic.Queue[object]]::new()
        $queue.Enqueue($script:Got)
        while ($queue.Count -gt 0) {
            $o = $queue.Dequeue()
            $objects.Add($o)
            foreach ($p in $o.PSObject.Properties) {
                foreach ($v in @($p.Value)) {
                    # Maps are cells (their text is checked with their owner), not objects to walk.
                    if ($null -ne $v -and $v -isnot [System.Collections.IDictionary] -and $v.GetType().Namespace -eq 'EcsAdmin.Models') { $queue.Enqueue($v) }
                }
            }
        }
        $objects.Count | Should -BeGreaterThan 40
        $bad = foreach ($o in $objects) {
            $row = @($o | ConvertTo-Csv -NoTypeInformation)[1] | ConvertFrom-Csv -Header @($o.PSObject.Properties.Name)
            foreach ($p in $row.PSObject.Properties) {
                if ($p.Value -match '^(System|EcsAdmin)\.[\w.`\[\], =]+$') { "$($o.GetType().Name).$($p.Name) = $($p.Value)" }
            }
        }
        $bad | Should -BeNullOrEmpty
    }
}

Describe 'The model against botocore' {
    BeforeAll {
        $python = @'
import botocore, glob, gzip, os, sys
paths = sorted(glob.glob(os.path.join(os.path.dirname(botocore.__file__), 'data', 'ecs', '*', 'service-2.json*')))
data = gzip.open(paths[-1]).read() if paths[-1].endswith('.gz') else open(paths[-1], 'rb').read()
sys.stdout.write(data.decode('utf-8'))
'@
        $script:Shapes = ((python3 -c $python) -join "`n" | ConvertFrom-Json -AsHashtable).shapes
    }

    # Each structure shape reached from the root is matched with the model type of the property that carries it:
    # every member must be a property (a list's items are the list's element type, a map is an EcsMap).
    It 'has a property for every member of <Shape>, down to the last nested shape' -ForEach @(
        @{ Shape = 'ContainerDefinition'; Model = 'EcsContainerDefinition' }
        @{ Shape = 'TaskDefinition'; Model = 'EcsTaskDefinition' }
    ) {
        $missing = [System.Collections.Generic.List[string]]::new()
        $checked = [System.Collections.Generic.HashSet[string]]::new()
        $work = [System.Collections.Generic.Queue[object]]::new()
        $work.Enqueue(@($Shape, ("EcsAdmin.Models.$Model" -as [type])))
        while ($work.Count -gt 0) {
            $shapeName, $modelType = $work.Dequeue()
            if (-not $checked.Add("$shapeName/$($modelType.FullName)")) { continue }
            foreach ($member in $script:Shapes[$shapeName].members.GetEnumerator()) {
                $prop = $modelType.GetProperty($member.Key, [System.Reflection.BindingFlags]'Public,Instance,IgnoreCase')
                if ($null -eq $prop) { $missing.Add("$shapeName.$($member.Key) (on $($modelType.Name))"); continue }
                $target = $script:Shapes[$member.Value.shape]
                $propType = $prop.PropertyType
                if ($target.type -eq 'list') {
                    # A list of structures is an EcsList of a model type, or an EcsMap for name/value pairs.
                    $itemShape = $target.member.shape
                    if ($script:Shapes[$itemShape].type -ne 'structure' -or $propType -eq [EcsAdmin.Models.EcsMap[string]]) { continue }
                    $item = if ($propType.IsGenericType) { $propType.GetGenericArguments()[0] } else { $propType }
                    if ($item.Namespace -ne 'EcsAdmin.Models') { $missing.Add("$shapeName.$($member.Key): items are $($item.Name), not a model type"); continue }
                    $work.Enqueue(@($itemShape, $item))
                    continue
                }
                if ($target.type -eq 'structure') {
                    $inner = [Nullable]::GetUnderlyingType($propType) ?? $propType
                    if ($inner.Namespace -ne 'EcsAdmin.Models') { $missing.Add("$shapeName.$($member.Key): $($inner.Name) is not a model type"); continue }
                    $work.Enqueue(@($member.Value.shape, $inner))
                }
            }
        }
        $missing | Should -BeNullOrEmpty
        $checked.Count | Should -BeGreaterThan 5
    }
}
