{"Version": "1", "Statement": [%{ for b in buckets }{"Resource": "acs:oss:*:${uid}:${b}/*"},%{ endfor }{}]}
