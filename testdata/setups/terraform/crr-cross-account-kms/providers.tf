# Seed 003 (CRR across accounts, with KMS) and seed 001 (cross-account
# replication): account A (1111111111111111) owns the source bucket and the
# replication role; account B (2222222222222222) owns the destination bucket,
# its bucket policy and the KMS key that encrypts the replicas.

provider "alicloud" {
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::1111111111111111:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "dest"
  region = "cn-beijing"
  assume_role {
    role_arn = "acs:ram::2222222222222222:role/terraform-deployer"
  }
}
