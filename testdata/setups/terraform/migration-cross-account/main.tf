# Seed 000, Data Online Migration into a bucket of another account: the RAM
# user that runs migration tasks (AliyunOSSImportFullAccess and a custom
# policy to create the migration role), the migration role (trusted service
# Data Transport, mgw.aliyuncs.com; lowercase name) in account A
# (1111111111111111), and the destination bucket's policy in account B
# (2222222222222222) that lets the role's sessions in.

provider "alicloud" {
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::1111111111111111:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "dest"
  region = "cn-shanghai"
  assume_role {
    role_arn = "acs:ram::2222222222222222:role/terraform-deployer"
  }
}

resource "alicloud_ram_user" "operator" {
  name = "migration-operator"
}

resource "alicloud_ram_user_policy_attachment" "import" {
  user_name   = alicloud_ram_user.operator.name
  policy_name = "AliyunOSSImportFullAccess"
  policy_type = "System"
}

resource "alicloud_ram_policy" "create_roles" {
  policy_name     = "migration-create-roles"
  policy_document = <<EOF
{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ram:CreateRole",
        "ram:CreatePolicy",
        "ram:AttachPolicyToRole",
        "ram:ListRoles"
      ],
      "Resource": "*"
    }
  ]
}
EOF
}

resource "alicloud_ram_user_policy_attachment" "create_roles" {
  user_name   = alicloud_ram_user.operator.name
  policy_name = alicloud_ram_policy.create_roles.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_role" "migration" {
  role_name                   = "mgw-migration-role"
  assume_role_policy_document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": [
          "mgw.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

resource "alicloud_oss_bucket" "dest" {
  provider = alicloud.dest
  bucket   = "examplecorp-archive-sh"
}

resource "alicloud_oss_bucket_policy" "dest" {
  provider = alicloud.dest
  bucket   = alicloud_oss_bucket.dest.id
  policy   = <<EOF
{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "oss:List*",
        "oss:Get*",
        "oss:Put*",
        "oss:AbortMultipartUpload"
      ],
      "Principal": [
        "arn:sts::1111111111111111:assumed-role/mgw-migration-role/*"
      ],
      "Resource": [
        "acs:oss:*:2222222222222222:examplecorp-archive-sh",
        "acs:oss:*:2222222222222222:examplecorp-archive-sh/*"
      ]
    }
  ]
}
EOF
}
