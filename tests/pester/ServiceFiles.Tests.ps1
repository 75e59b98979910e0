# Services as files: Export/Compare/Deploy-EcsService and Test-EcsServiceReadiness through the built
# module against a real moto_server (ECS, IAM, EC2, ECR, Secrets Manager, SSM, Logs, ELBv2, Cloud Map), with the
# recording proxy counting the mutating calls.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend -MotoSetting @{ MOTO_ECS_SERVICE_RUNNING = '1' }
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function Get-Auth([string] $Service) {
        @{ Authorization = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/$Service/aws4_request, SignedHeaders=host, Signature=00" }
    }
    # Query protocol (EC2, IAM, ELBv2): form body, XML reply.
    function Invoke-Query([string] $Service, [string] $Version, [hashtable] $Body) {
        $Body.Version = $Version
        [xml] (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Body $Body -Headers (Get-Auth $Service) -ContentType 'application/x-www-form-urlencoded').Content
    }
    # awsJson (Logs, Secrets Manager, SSM, ECR, Cloud Map).
    function Invoke-AwsJson([string] $Service, [string] $Target, [hashtable] $Body) {
        $h = Get-Auth $Service
        $h['X-Amz-Target'] = $Target
        (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Body ($Body | ConvertTo-Json -Depth 10 -Compress) -Headers $h -ContentType 'application/x-amz-json-1.1').Content | ConvertFrom-Json
    }
    function New-Role([string] $Name, [string] $TrustService = 'ecs-tasks.amazonaws.com', [object] $Inline) {
        $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ Service = $TrustService }; Action = 'sts:AssumeRole' }) } | ConvertTo-Json -Depth 10 -Compress
        $null = Invoke-Query iam '2010-05-08' @{ Action = 'CreateRole'; RoleName = $Name; AssumeRolePolicyDocument = $trust }
        if ($Inline) {
            $doc = @{ Version = '2012-10-17'; Statement = @($Inline) } | ConvertTo-Json -Depth 10 -Compress
            $null = Invoke-Query iam '2010-05-08' @{ Action = 'PutRolePolicy'; RoleName = $Name; PolicyName = 'inline'; PolicyDocument = $doc }
        }
        "arn:aws:iam::123456789012:role/$Name"
    }

    function New-World {
        $ec2 = '2016-11-15'
        $vpc = (Invoke-Query ec2 $ec2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }).CreateVpcResponse.vpc.vpcId
        $null = Invoke-Query ec2 $ec2 @{ Action = 'ModifyVpcAttribute'; VpcId = $vpc; 'EnableDnsHostnames.Value' = 'true' }
        $subnet = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }).CreateSubnetResponse.subnet.subnetId
        $private = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.2.0/24' }).CreateSubnetResponse.subnet.subnetId
        $igw = (Invoke-Query ec2 $ec2 @{ Action = 'CreateInternetGateway' }).CreateInternetGatewayResponse.internetGateway.internetGatewayId
        $null = Invoke-Query ec2 $ec2 @{ Action = 'AttachInternetGateway'; VpcId = $vpc; InternetGatewayId = $igw }
        # The public subnet gets its own route table with a default route to the internet gateway; the private one stays on the main table (local route only).
        $rt = (Invoke-Query ec2 $ec2 @{ Action = 'CreateRouteTable'; VpcId = $vpc }).CreateRouteTableResponse.routeTable.routeTableId
        $null = Invoke-Query ec2 $ec2 @{ Action = 'CreateRoute'; RouteTableId = $rt; DestinationCidrBlock = '0.0.0.0/0'; GatewayId = $igw }
        $null = Invoke-Query ec2 $ec2 @{ Action = 'AssociateRouteTable'; RouteTableId = $rt; SubnetId = $subnet }
        $lbSg = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'lb'; GroupDescription = 'lb' }).CreateSecurityGroupResponse.groupId
        $sg = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'web'; GroupDescription = 'web' }).CreateSecurityGroupResponse.groupId
        $closedSg = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = 'closed'; GroupDescription = 'closed' }).CreateSecurityGroupResponse.groupId
        $null = Invoke-Query ec2 $ec2 @{ Action = 'AuthorizeSecurityGroupIngress'; GroupId = $sg; 'IpPermissions.1.IpProtocol' = 'tcp'; 'IpPermissions.1.FromPort' = '8080'; 'IpPermissions.1.ToPort' = '8080'; 'IpPermissions.1.Groups.1.GroupId' = $lbSg }

        $execRole = New-Role -Name 'web-exec' -Inline @(
            @{ Effect = 'Allow'; Action = @('logs:CreateLogStream', 'logs:PutLogEvents'); Resource = 'arn:aws:logs:*:*:log-group:/ecs/*' }
            @{ Effect = 'Allow'; Action = @('secretsmanager:GetSecretValue', 'ssm:GetParameters'); Resource = '*' }
            @{ Effect = 'Allow'; Action = 'ecr:*'; Resource = '*' })
        $null = Invoke-AwsJson logs 'Logs_20140328.CreateLogGroup' @{ logGroupName = '/ecs/web' }
        $secret = (Invoke-AwsJson secretsmanager 'secretsmanager.CreateSecret' @{ Name = 'web/db'; SecretString = 'hunter2' }).ARN
        $null = Invoke-AwsJson ssm 'AmazonSSM.PutParameter' @{ Name = '/web/api-key'; Value = 'k'; Type = 'SecureString' }

        $elb = '2015-12-01'
        $lb = (Invoke-Query elasticloadbalancing $elb @{ Action = 'CreateLoadBalancer'; Name = 'web-lb'; 'Subnets.member.1' = $subnet; 'SecurityGroups.member.1' = $lbSg }).CreateLoadBalancerResponse.CreateLoadBalancerResult.LoadBalancers.member.LoadBalancerArn
        $tgIp = (Invoke-Query elasticloadbalancing $elb @{ Action = 'CreateTargetGroup'; Name = 'web-ip'; Protocol = 'HTTP'; Port = '8080'; VpcId = $vpc; TargetType = 'ip' }).CreateTargetGroupResponse.CreateTargetGroupResult.TargetGroups.member.TargetGroupArn
        $tgInstance = (Invoke-Query elasticloadbalancing $elb @{ Action = 'CreateTargetGroup'; Name = 'web-inst'; Protocol = 'HTTP'; Port = '8080'; VpcId = $vpc; TargetType = 'instance' }).CreateTargetGroupResponse.CreateTargetGroupResult.TargetGroups.member.TargetGroupArn
        foreach ($tg in $tgIp, $tgInstance) {
            $null = Invoke-Query elasticloadbalancing $elb @{ Action = 'CreateListener'; LoadBalancerArn = $lb; Protocol = 'HTTP'; Port = if ($tg -eq $tgIp) { '80' } else { '81' }; 'DefaultActions.member.1.Type' = 'forward'; 'DefaultActions.member.1.TargetGroupArn' = $tg }
        }
        $null = Invoke-AwsJson servicediscovery 'Route53AutoNaming_v20170314.CreateHttpNamespace' @{ Name = 'internal' }

        New-EcsCluster -Name source | Out-Null
        New-EcsCluster -Name target | Out-Null
        [pscustomobject]@{
            Vpc = $vpc; Subnet = $subnet; PrivateSubnet = $private; SecurityGroup = $sg; ClosedSecurityGroup = $closedSg; LbSecurityGroup = $lbSg
            ExecRole = $execRole; Secret = $secret; TargetGroupIp = $tgIp; TargetGroupInstance = $tgInstance
        }
    }

    # The good pair of files, as hashtables the readiness cases edit.
    function Get-GoodFiles($W) {
        $td = [ordered]@{
            family = 'web'; executionRoleArn = $W.ExecRole; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @([ordered]@{
                    name = 'web'; image = 'nginx:1.27'; portMappings = @(@{ containerPort = 8080 })
                    secrets = @(@{ name = 'DB'; valueFrom = $W.Secret }, @{ name = 'API_KEY'; valueFrom = '/web/api-key' })
                    logConfiguration = @{ logDriver = 'awslogs'; options = @{ 'awslogs-group' = '/ecs/web'; 'awslogs-region' = 'us-east-1'; 'awslogs-stream-prefix' = 'web' } }
                })
        }
        $svc = [ordered]@{
            serviceName = 'web'; taskDefinition = 'web'; desiredCount = 1; launchType = 'FARGATE'
            networkConfiguration = @{ awsvpcConfiguration = @{ subnets = @($W.Subnet); securityGroups = @($W.SecurityGroup); assignPublicIp = 'ENABLED' } }
        }
        [pscustomobject]@{ TaskDefinition = $td; Service = $svc }
    }

    function Write-Files($Files, [string] $Folder) {
        $null = New-Item -ItemType Directory -Path $Folder -Force
        $Files.TaskDefinition | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath (Join-Path $Folder 'task-definition.json')
        $Files.Service | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath (Join-Path $Folder 'service.json')
        $Folder
    }

    function Get-Row($Rows, [string] $Check) { @($Rows | Where-Object Check -Like $Check) }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Services as files: export, deploy, compare' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $script:W = New-World
        $good = Get-GoodFiles $W
        # The source service, made through the module from the good files.
        $src = Write-Files $good (Join-Path $TestDrive 'src')
        $script:Created = Deploy-EcsService -Cluster source -Path $src -Confirm:$false
    }

    It 'exports two files in the --cli-input-json shapes without read-only or default fields' {
        $out = Export-EcsService -Cluster source -Name web -Path (Join-Path $TestDrive 'web')
        $out | Should -BeOfType ([EcsAdmin.Models.EcsServiceFileExport])
        $out.TaskDefinition | Should -Be 'web:1'
        $td = Get-Content -Raw $out.TaskDefinitionPath | ConvertFrom-Json -AsHashtable
        $svc = Get-Content -Raw $out.ServicePath | ConvertFrom-Json -AsHashtable
        foreach ($k in 'taskDefinitionArn', 'revision', 'status', 'compatibilities', 'registeredAt', 'requiresAttributes') { $td.Keys | Should -Not -Contain $k }
        $td.containerDefinitions[0].Keys | Should -Not -Contain 'cpu' -Because 'cpu 0 is what ECS fills in'
        $td.containerDefinitions[0].Keys | Should -Not -Contain 'essential'
        $td.containerDefinitions[0].Keys | Should -Not -Contain 'mountPoints'
        $td.family | Should -Be 'web'
        foreach ($k in 'serviceArn', 'status', 'runningCount', 'deployments', 'events', 'clusterArn', 'createdAt', 'cluster') { $svc.Keys | Should -Not -Contain $k }
        $svc.serviceName | Should -Be 'web'
        $svc.taskDefinition | Should -Be 'web' -Because 'the service file names the family; Deploy-EcsService fills in the revision'
        # Stable order: a second export writes the same bytes.
        $first = Get-Content -Raw $out.ServicePath
        $null = Export-EcsService -Cluster source -Name web -Path (Join-Path $TestDrive 'web')
        Get-Content -Raw $out.ServicePath | Should -BeExactly $first
    }

    It 'deploys the export into an empty cluster, compares clean, shows exactly an edit, deploys it, then changes nothing' {
        $folder = Join-Path $TestDrive 'web'
        $null = Export-EcsService -Cluster source -Name web -Path $folder
        $script:Proxy.Clear()
        $first = Deploy-EcsService -Cluster target -Path $folder -Confirm:$false
        $first.Action | Should -Be 'Created'
        $first.RegisteredRevision | Should -BeFalse -Because 'the family already has a revision equal to the file'
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('CreateService')

        @(Compare-EcsService -Cluster target -Path $folder) | Should -BeNullOrEmpty

        $svcPath = Join-Path $folder 'service.json'
        $svc = Get-Content -Raw $svcPath | ConvertFrom-Json -AsHashtable
        $svc.desiredCount = 3
        $svc | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $svcPath
        $tdPath = Join-Path $folder 'task-definition.json'
        $td = Get-Content -Raw $tdPath | ConvertFrom-Json -AsHashtable
        $td.containerDefinitions[0].image = '${ImageName}:${ImageTag}'
        $td | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $tdPath
        $env:ImageTag = '1.28'
        try {
            $diff = @(Compare-EcsService -Cluster target -Path $folder -Parameter @{ ImageName = 'nginx' })
            $diff.Count | Should -Be 2
            $d = $diff | Where-Object PropertyPath -EQ 'desiredCount'
            $d.Document | Should -Be 'Service'
            $d.Live | Should -Be '1'
            $d.File | Should -Be '3'
            $i = $diff | Where-Object PropertyPath -EQ 'containerDefinitions[web].image'
            $i.Document | Should -Be 'TaskDefinition'
            $i.Live | Should -Be '"nginx:1.27"'
            $i.File | Should -Be '"nginx:1.28"'

            $script:Proxy.Clear()
            $plan = Deploy-EcsService -Cluster target -Path $folder -Parameter @{ ImageName = 'nginx' } -WhatIf
            $plan.Action | Should -Be 'PlannedUpdate'
            $plan.RegisteredRevision | Should -BeTrue
            @($plan.Differences).Count | Should -Be 2
            Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty -Because '-WhatIf changes nothing'

            $second = Deploy-EcsService -Cluster target -Path $folder -Parameter @{ ImageName = 'nginx' } -Confirm:$false
            $second.Action | Should -Be 'Updated'
            $second.TaskDefinition | Should -Be 'web:2'
            @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('RegisterTaskDefinition', 'UpdateService')
            $upd = (Get-RecordedRequest -Proxy $script:Proxy -Operation UpdateService)[0].Body | ConvertFrom-Json
            $upd.desiredCount | Should -Be 3
            $upd.taskDefinition | Should -Match 'task-definition/web:2$'

            $script:Proxy.Clear()
            $third = Deploy-EcsService -Cluster target -Path $folder -Parameter @{ ImageName = 'nginx' } -Confirm:$false
            $third.Action | Should -Be 'Unchanged'
            Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty -Because 'a second run with the same files changes nothing'
        }
        finally { Remove-Item Env:ImageTag -ErrorAction SilentlyContinue }
    }

    It 'applies tag-only edits with TagResource/UntagResource, shows them in Compare, and then changes nothing' {
        New-EcsCluster -Name tagged | Out-Null
        $folder = Join-Path $TestDrive 'tagged'
        $null = Export-EcsService -Cluster source -Name web -Path $folder
        $created = Deploy-EcsService -Cluster tagged -Path $folder -Confirm:$false
        $created.Action | Should -Be 'Created'
        $svcPath = Join-Path $folder 'service.json'
        $tdPath = Join-Path $folder 'task-definition.json'
        function Set-FileTags([string] $Path, [object[]] $Tags) {
            $doc = Get-Content -Raw $Path | ConvertFrom-Json -AsHashtable
            if ($Tags) { $doc.tags = $Tags } else { $doc.Remove('tags') }
            $doc | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $Path
        }

        # Tags added to both files.
        Set-FileTags $svcPath @(@{ key = 'team'; value = 'web' }, @{ key = 'env'; value = 'prod' })
        Set-FileTags $tdPath @(@{ key = 'owner'; value = 'ops' })
        $diff = @(Compare-EcsService -Cluster tagged -Path $folder)
        @($diff | ForEach-Object { "$($_.Document) $($_.PropertyPath) $($_.Kind)" } | Sort-Object) | Should -Be @('Service tags Added', 'TaskDefinition tags Added')

        $script:Proxy.Clear()
        $plan = Deploy-EcsService -Cluster tagged -Path $folder -WhatIf
        $plan.Action | Should -Be 'PlannedTag'
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty -Because '-WhatIf changes nothing'

        $tagged = Deploy-EcsService -Cluster tagged -Path $folder -Confirm:$false
        $tagged.Action | Should -Be 'Tagged'
        $tagged.RegisteredRevision | Should -BeFalse -Because 'tags alone make no revision'
        $tagged.TaskDefinition | Should -Be $created.TaskDefinition
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('TagResource', 'TagResource')
        $calls = @(Get-RecordedRequest -Proxy $script:Proxy -Operation TagResource | ForEach-Object { $_.Body | ConvertFrom-Json })
        $calls[0].resourceArn | Should -Match ('task-definition/' + [regex]::Escape($created.TaskDefinition) + '$')
        @($calls[0].tags | ForEach-Object { "$($_.key)=$($_.value)" }) | Should -Be @('owner=ops')
        $calls[1].resourceArn | Should -Match ':service/tagged/web$'
        @($calls[1].tags | ForEach-Object { "$($_.key)=$($_.value)" } | Sort-Object) | Should -Be @('env=prod', 'team=web')
        @(Compare-EcsService -Cluster tagged -Path $folder) | Should -BeNullOrEmpty

        $script:Proxy.Clear()
        (Deploy-EcsService -Cluster tagged -Path $folder -Confirm:$false).Action | Should -Be 'Unchanged'
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty -Because 'a second run with the same tags changes nothing'

        # A changed value, a removed key, and every tag of the task definition removed.
        Set-FileTags $svcPath @(@{ key = 'env'; value = 'staging' })
        Set-FileTags $tdPath $null
        $diff = @(Compare-EcsService -Cluster tagged -Path $folder)
        @($diff | ForEach-Object { "$($_.Document) $($_.PropertyPath) $($_.Kind)" } | Sort-Object) |
            Should -Be @('Service tags[env].value Changed', 'Service tags[team] Removed', 'TaskDefinition tags Removed')
        $script:Proxy.Clear()
        (Deploy-EcsService -Cluster tagged -Path $folder -Confirm:$false).Action | Should -Be 'Tagged'
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation) | Should -Be @('UntagResource', 'TagResource', 'UntagResource')
        $untag = @(Get-RecordedRequest -Proxy $script:Proxy -Operation UntagResource | ForEach-Object { $_.Body | ConvertFrom-Json })
        $untag[0].resourceArn | Should -Match ('task-definition/' + [regex]::Escape($created.TaskDefinition) + '$')
        @($untag[0].tagKeys) | Should -Be @('owner')
        @($untag[1].tagKeys) | Should -Be @('team')
        @(Compare-EcsService -Cluster tagged -Path $folder) | Should -BeNullOrEmpty
        $script:Proxy.Clear()
        (Deploy-EcsService -Cluster tagged -Path $folder -Confirm:$false).Action | Should -Be 'Unchanged'
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
    }

    It 'reports an image tag against a live digest as such' {
        $folder = Join-Path $TestDrive 'digest'
        $null = Export-EcsService -Cluster source -Name web -Path $folder
        $tdPath = Join-Path $folder 'task-definition.json'
        $td = Get-Content -Raw $tdPath | ConvertFrom-Json -AsHashtable
        $td.containerDefinitions[0].image = 'nginx@sha256:' + ('a' * 64)
        $td | ConvertTo-Json -Depth 20 | Set-Content -LiteralPath $tdPath
        $d = @(Compare-EcsService -Cluster source -Path $folder)
        $d.Count | Should -Be 1
        $d[0].Kind | Should -Be 'ImageTagVsDigest'
        $d[0].Note | Should -Not -BeNullOrEmpty
    }

    It 'names an unresolved placeholder before any request' {
        $folder = Join-Path $TestDrive 'ph'
        $null = Export-EcsService -Cluster source -Name web -Path $folder
        $svcPath = Join-Path $folder 'service.json'
        (Get-Content -Raw $svcPath) -replace '"serviceName": "web"', '"serviceName": "${NoSuchValueXyz}"' | Set-Content -LiteralPath $svcPath
        $script:Proxy.Clear()
        $err = $null
        Deploy-EcsService -Cluster target -Path $folder -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnresolvedPlaceholder*'
        $err[0].Exception.Message | Should -Match 'NoSuchValueXyz'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }
}

Describe 'Test-EcsServiceReadiness' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $script:W = New-World
        $script:Good = Test-EcsServiceReadiness -Cluster target -Path (Write-Files (Get-GoodFiles $W) (Join-Path $TestDrive 'good'))
        function Test-Variant([scriptblock] $Edit, [string] $Name) {
            $f = Get-GoodFiles $script:W
            & $Edit $f
            Test-EcsServiceReadiness -Cluster target -Path (Write-Files $f (Join-Path $TestDrive $Name))
        }
    }

    It 'passes every check for the good files' {
        $Good | Should -Not -BeNullOrEmpty
        @($Good | Where-Object Status -NE 'Pass' | ForEach-Object { "$($_.Check): $($_.Detail)" }) | Should -BeNullOrEmpty
        foreach ($c in 'ExecutionRole', 'ExecutionRole.Logs*', 'Secret*DB*', 'Secret*API_KEY*', 'LogGroup*', 'Subnet*', 'SecurityGroup*') {
            @(Get-Row $Good $c).Count | Should -BeGreaterThan 0 -Because "the good files have a $c row"
        }
    }

    It 'fails a missing execution role' {
        $r = Test-Variant { param($f) $f.TaskDefinition.executionRoleArn = 'arn:aws:iam::123456789012:role/nope' } 'norole'
        (Get-Row $r 'ExecutionRole')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'ExecutionRole')[0].Fix | Should -Not -BeNullOrEmpty
    }

    It 'passes a task role ECS tasks can assume, and fails one that does not exist or trusts another service' {
        $taskRole = New-Role -Name 'web-task'
        $r = Test-Variant { param($f) $f.TaskDefinition.taskRoleArn = $taskRole } 'taskrole'
        (Get-Row $r 'TaskRole')[0].Status | Should -Be 'Pass'
        $r = Test-Variant { param($f) $f.TaskDefinition.taskRoleArn = 'arn:aws:iam::123456789012:role/no-task-role' } 'notaskrole'
        (Get-Row $r 'TaskRole')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'TaskRole')[0].Detail | Should -Match 'does not exist'
        $lambdaRole = New-Role -Name 'lambda-only' -TrustService 'lambda.amazonaws.com'
        $r = Test-Variant { param($f) $f.TaskDefinition.taskRoleArn = $lambdaRole } 'tasktrust'
        (Get-Row $r 'TaskRole')[0].Status | Should -Be 'Fail'
    }

    It 'fails an execution role that ecs-tasks cannot assume' {
        $arn = New-Role -Name 'ec2-only' -TrustService 'ec2.amazonaws.com'
        $r = Test-Variant { param($f) $f.TaskDefinition.executionRoleArn = $arn } 'trust'
        (Get-Row $r 'ExecutionRole')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'ExecutionRole')[0].Detail | Should -Match 'ecs-tasks'
    }

    It 'fails log writing under an explicit deny, and warns when only a condition allows it' {
        $deny = New-Role -Name 'deny-logs' -Inline @(
            @{ Effect = 'Allow'; Action = '*'; Resource = '*' }
            @{ Effect = 'Deny'; Action = 'logs:Put*'; Resource = '*' })
        $r = Test-Variant { param($f) $f.TaskDefinition.executionRoleArn = $deny } 'deny'
        (Get-Row $r 'ExecutionRole.Logs*')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'ExecutionRole.Logs*')[0].Detail | Should -Match 'denied'
        $cond = New-Role -Name 'cond-logs' -Inline @(
            @{ Effect = 'Allow'; Action = @('secretsmanager:GetSecretValue', 'ssm:GetParameters'); Resource = '*' }
            @{ Effect = 'Allow'; Action = 'logs:*'; Resource = '*'; Condition = @{ StringEquals = @{ 'aws:SourceVpc' = 'vpc-1' } } })
        $r = Test-Variant { param($f) $f.TaskDefinition.executionRoleArn = $cond } 'cond'
        (Get-Row $r 'ExecutionRole.Logs*')[0].Status | Should -Be 'Warn'
    }

    It 'fails a secret and a parameter that do not exist, and a secret the role may not read' {
        $r = Test-Variant { param($f) $f.TaskDefinition.containerDefinitions[0].secrets = @(
                @{ name = 'DB'; valueFrom = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf' }
                @{ name = 'API_KEY'; valueFrom = '/web/missing' }) } 'nosecret'
        (Get-Row $r 'Secret*DB*')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'Secret*API_KEY*')[0].Status | Should -Be 'Fail'
        $noread = New-Role -Name 'no-secrets' -Inline @(@{ Effect = 'Allow'; Action = 'logs:*'; Resource = '*' })
        $r = Test-Variant { param($f) $f.TaskDefinition.executionRoleArn = $noread } 'noread'
        (Get-Row $r 'Secret*DB*')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'Secret*DB*')[0].Detail | Should -Match 'secretsmanager:GetSecretValue'
    }

    It 'fails a missing log group unless awslogs-create-group is set with the permission' {
        $r = Test-Variant { param($f) $f.TaskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-group'] = '/ecs/missing' } 'nolog'
        (Get-Row $r 'LogGroup*')[0].Status | Should -Be 'Fail'
        $creator = New-Role -Name 'log-creator' -Inline @(@{ Effect = 'Allow'; Action = @('logs:*', 'secretsmanager:GetSecretValue', 'ssm:GetParameters'); Resource = '*' })
        $r = Test-Variant { param($f)
            $f.TaskDefinition.executionRoleArn = $creator
            $f.TaskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-group'] = '/ecs/missing'
            $f.TaskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-create-group'] = 'true' } 'createlog'
        (Get-Row $r 'LogGroup*')[0].Status | Should -Be 'Pass'
    }

    It 'fails a subnet with no way to ECR and Logs, and one that does not exist' {
        $r = Test-Variant { param($f) $f.Service.networkConfiguration.awsvpcConfiguration.subnets = @($script:W.PrivateSubnet) } 'private'
        (Get-Row $r 'Subnet*')[0].Status | Should -Be 'Fail'
        $r = Test-Variant { param($f) $f.Service.networkConfiguration.awsvpcConfiguration.assignPublicIp = 'DISABLED' } 'nopublicip'
        (Get-Row $r 'Subnet*')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'Subnet*')[0].Detail | Should -Match 'assignPublicIp'
        $r = Test-Variant { param($f) $f.Service.networkConfiguration.awsvpcConfiguration.subnets = @('subnet-0123456789abcdef0') } 'nosubnet'
        (Get-Row $r 'Subnet*')[0].Status | Should -Be 'Fail'
    }

    It 'passes a subnet whose own route table sends 0.0.0.0/0 to a NAT gateway, and fails one that only shares the VPC' {
        $ec2 = '2016-11-15'
        $natSubnet = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSubnet'; VpcId = $script:W.Vpc; CidrBlock = '10.0.3.0/24' }).CreateSubnetResponse.subnet.subnetId
        $eip = (Invoke-Query ec2 $ec2 @{ Action = 'AllocateAddress'; Domain = 'vpc' }).AllocateAddressResponse.allocationId
        $nat = (Invoke-Query ec2 $ec2 @{ Action = 'CreateNatGateway'; SubnetId = $script:W.Subnet; AllocationId = $eip }).CreateNatGatewayResponse.natGateway.natGatewayId
        $rt = (Invoke-Query ec2 $ec2 @{ Action = 'CreateRouteTable'; VpcId = $script:W.Vpc }).CreateRouteTableResponse.routeTable.routeTableId
        $null = Invoke-Query ec2 $ec2 @{ Action = 'CreateRoute'; RouteTableId = $rt; DestinationCidrBlock = '0.0.0.0/0'; NatGatewayId = $nat }
        $null = Invoke-Query ec2 $ec2 @{ Action = 'AssociateRouteTable'; RouteTableId = $rt; SubnetId = $natSubnet }
        $private = { param($f) $f.Service.networkConfiguration.awsvpcConfiguration.assignPublicIp = 'DISABLED' }

        $r = Test-Variant { param($f) & $private $f; $f.Service.networkConfiguration.awsvpcConfiguration.subnets = @($natSubnet) } 'nat'
        $row = (Get-Row $r 'Subnet*')[0]
        $row.Status | Should -Be 'Pass'
        $row.Detail | Should -Match ([regex]::Escape($nat))
        # The private subnet is in the same VPC but on the main route table: the NAT route is not its route.
        $r = Test-Variant { param($f) & $private $f; $f.Service.networkConfiguration.awsvpcConfiguration.subnets = @($script:W.PrivateSubnet) } 'nonat'
        $row = (Get-Row $r 'Subnet*')[0]
        $row.Status | Should -Be 'Fail'
        $row.Detail | Should -Match 'no NAT route'
        $row.Fix | Should -Match 'NAT gateway'
    }

    It 'passes a subnet with no route out when the ECR, S3 and Logs VPC endpoints exist, and fails when one is missing' {
        $ec2 = '2016-11-15'
        function New-EndpointVpc([string] $Cidr, [string[]] $Services) {
            $vpc = (Invoke-Query ec2 $ec2 @{ Action = 'CreateVpc'; CidrBlock = "$Cidr.0.0/16" }).CreateVpcResponse.vpc.vpcId
            $subnet = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = "$Cidr.1.0/24" }).CreateSubnetResponse.subnet.subnetId
            $sg = (Invoke-Query ec2 $ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = "ep$Cidr"; GroupDescription = 'endpoints' }).CreateSecurityGroupResponse.groupId
            foreach ($s in $Services) {
                $body = @{ Action = 'CreateVpcEndpoint'; VpcId = $vpc; ServiceName = "com.amazonaws.us-east-1.$s" }
                if ($s -eq 's3') { $body.VpcEndpointType = 'Gateway' } else { $body.VpcEndpointType = 'Interface'; $body['SubnetId.1'] = $subnet }
                $null = Invoke-Query ec2 $ec2 $body
            }
            [pscustomobject]@{ Subnet = $subnet; SecurityGroup = $sg }
        }
        function Set-Network($f, $Net) {
            $f.Service.networkConfiguration.awsvpcConfiguration.subnets = @($Net.Subnet)
            $f.Service.networkConfiguration.awsvpcConfiguration.securityGroups = @($Net.SecurityGroup)
            $f.Service.networkConfiguration.awsvpcConfiguration.assignPublicIp = 'DISABLED'
        }
        $all = New-EndpointVpc '10.20' @('ecr.api', 'ecr.dkr', 's3', 'logs')
        $r = Test-Variant { param($f) Set-Network $f $all } 'endpoints'
        $row = (Get-Row $r 'Subnet*')[0]
        $row.Status | Should -Be 'Pass'
        $row.Detail | Should -Match 'VPC endpoints'

        $noLogs = New-EndpointVpc '10.21' @('ecr.api', 'ecr.dkr', 's3')
        $r = Test-Variant { param($f) Set-Network $f $noLogs } 'nologsendpoint'
        $row = (Get-Row $r 'Subnet*')[0]
        $row.Status | Should -Be 'Fail'
        $row.Detail | Should -Match 'no VPC endpoint for logs$'
        $row.Fix | Should -Match 'logs VPC endpoints'
    }

    It 'fails a security group that does not exist' {
        $r = Test-Variant { param($f) $f.Service.networkConfiguration.awsvpcConfiguration.securityGroups = @('sg-0123456789abcdef0') } 'nosg'
        (Get-Row $r 'SecurityGroup*')[0].Status | Should -Be 'Fail'
    }

    It 'checks the load balancer can reach the container port and the target type fits awsvpc' {
        $lb = @(@{ targetGroupArn = $script:W.TargetGroupIp; containerName = 'web'; containerPort = 8080 })
        $r = Test-Variant { param($f) $f.Service.loadBalancers = $lb } 'lbgood'
        (Get-Row $r 'TargetGroup')[0].Status | Should -Be 'Pass'
        (Get-Row $r 'SecurityGroup.LoadBalancer')[0].Status | Should -Be 'Pass'
        $r = Test-Variant { param($f) $f.Service.loadBalancers = $lb; $f.Service.networkConfiguration.awsvpcConfiguration.securityGroups = @($script:W.ClosedSecurityGroup) } 'lbclosed'
        (Get-Row $r 'SecurityGroup.LoadBalancer')[0].Status | Should -Be 'Fail'
        $inst = @(@{ targetGroupArn = $script:W.TargetGroupInstance; containerName = 'web'; containerPort = 8080 })
        $r = Test-Variant { param($f) $f.Service.loadBalancers = $inst } 'lbinstance'
        (Get-Row $r 'TargetGroup')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'TargetGroup')[0].Detail | Should -Match 'ip'
    }

    It 'checks the Service Connect namespace exists' {
        $r = Test-Variant { param($f) $f.Service.serviceConnectConfiguration = @{ enabled = $true; namespace = 'internal' } } 'ns'
        (Get-Row $r 'Namespace')[0].Status | Should -Be 'Pass'
        $r = Test-Variant { param($f) $f.Service.serviceConnectConfiguration = @{ enabled = $true; namespace = 'nope' } } 'nons'
        (Get-Row $r 'Namespace')[0].Status | Should -Be 'Fail'
    }

    It 'checks an ECR image and the repository' {
        $null = Invoke-AwsJson ecr 'AmazonEC2ContainerRegistry_V20150921.CreateRepository' @{ repositoryName = 'web' }
        $manifest = '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,"digest":"sha256:' + ('b' * 64) + '"},"layers":[]}'
        $null = Invoke-AwsJson ecr 'AmazonEC2ContainerRegistry_V20150921.PutImage' @{ repositoryName = 'web'; imageManifest = $manifest; imageTag = 'v1' }
        $r = Test-Variant { param($f) $f.TaskDefinition.containerDefinitions[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1' } 'ecr'
        (Get-Row $r 'Image*')[0].Status | Should -Be 'Pass'
        (Get-Row $r 'ExecutionRole.ImagePull*')[0].Status | Should -Be 'Pass'
        $noPull = New-Role -Name 'no-pull' -Inline @(@{ Effect = 'Allow'; Action = @('logs:*', 'secretsmanager:GetSecretValue', 'ssm:GetParameters'); Resource = '*' })
        $r = Test-Variant { param($f)
            $f.TaskDefinition.executionRoleArn = $noPull
            $f.TaskDefinition.containerDefinitions[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1' } 'ecrnopull'
        (Get-Row $r 'Image*')[0].Status | Should -Be 'Pass'
        (Get-Row $r 'ExecutionRole.ImagePull*')[0].Status | Should -Be 'Fail'
        (Get-Row $r 'ExecutionRole.ImagePull*')[0].Detail | Should -Match 'ecr:'
        $r = Test-Variant { param($f) $f.TaskDefinition.containerDefinitions[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9' } 'ecrtag'
        (Get-Row $r 'Image*')[0].Status | Should -Be 'Fail'
        $r = Test-Variant { param($f) $f.TaskDefinition.containerDefinitions[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/nope:v1' } 'ecrrepo'
        (Get-Row $r 'Image*')[0].Status | Should -Be 'Fail'
    }

    It 'stops Deploy-EcsService before any change when a check fails, and -SkipPreflight deploys anyway' {
        $f = Get-GoodFiles $script:W
        $f.TaskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-group'] = '/ecs/missing'
        $folder = Write-Files $f (Join-Path $TestDrive 'broken')
        $script:Proxy.Clear()
        $err = $null
        Deploy-EcsService -Cluster target -Path $folder -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFilePreflightFailed*'
        $err[0].Exception.Message | Should -Match '/ecs/missing'
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
        $ok = Deploy-EcsService -Cluster target -Path $folder -SkipPreflight -Confirm:$false
        $ok.Action | Should -Be 'Created'
    }

    It 'checks a live service' {
        $folder = Write-Files (Get-GoodFiles $script:W) (Join-Path $TestDrive 'live')
        $null = Deploy-EcsService -Cluster source -Path $folder -Confirm:$false
        $r = Test-EcsServiceReadiness -Cluster source -Service web
        (Get-Row $r 'ExecutionRole')[0].Status | Should -Be 'Pass'
        (Get-Row $r 'Secret*DB*')[0].Status | Should -Be 'Pass'
    }
}
