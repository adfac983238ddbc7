#!/usr/bin/env bash
# The "bring your own key" tutorial, step by step with the AWS CLI and OpenSSL, against a running kms-local:
# create an EXTERNAL key and an alias, download the wrapping key and import token, wrap 32 random bytes with
# OpenSSL, import them, use the key, delete the material (the key becomes unusable), reimport the same bytes,
# and finish with data keys, re-encryption and a cancelled deletion. Every step checks its result.
#
# Needs aws (v1 or v2), openssl and base64 on PATH, and the variables kms-local prints when it starts:
#   AWS_ENDPOINT_URL_KMS, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION
# Run by test/sandbox/awsCliSeedFlow.test.ts; by hand:  node dist/kms-local.js --in-memory  then export those and run this.
set -euo pipefail
shopt -s inherit_errexit

: "${AWS_ENDPOINT_URL_KMS:?set AWS_ENDPOINT_URL_KMS to the kms-local endpoint (kms-local prints it)}"
: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID (kms-local prints it)}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY (kms-local prints it)}"
: "${AWS_DEFAULT_REGION:?set AWS_DEFAULT_REGION (kms-local prints it)}"
for tool in aws openssl base64; do
  command -v "$tool" >/dev/null || { echo "FAILED: $tool is required on PATH" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: expected '$2', got '$1'"; }
kms() { aws kms --endpoint-url "$AWS_ENDPOINT_URL_KMS" --region "$AWS_DEFAULT_REGION" --output text "$@"; }
# Selected KeyMetadata fields, tab-separated (the CLI prints None for an absent one): one call per checkpoint.
key_fields() { kms describe-key --key-id "$key_id" --query "KeyMetadata.[$1]"; }
# Runs a kms command that must fail; checks the error name and text in what the CLI prints.
expect_error() {
  local name=$1 text=$2; shift 2
  if kms "$@" >/dev/null 2>error.txt; then fail "aws kms $1 succeeded, expected $name"; fi
  grep -qF "($name)" error.txt || fail "expected $name, got: $(cat error.txt)"
  grep -qF "$text" error.txt || fail "expected '$text' in: $(cat error.txt)"
}
get_parameters() {
  kms get-parameters-for-import --key-id "$key_id" --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048 \
    --query '[PublicKey,ImportToken]' >parameters.txt
  read -r public_key import_token <parameters.txt
  printf '%s' "$public_key" | base64 -d >WrappingPublicKey.bin   # the public key is base64 DER: decode it
  printf '%s' "$import_token" | base64 -d >ImportToken.bin
  [[ -s WrappingPublicKey.bin && -s ImportToken.bin ]] || fail "get-parameters-for-import returned no public key or token"
}
wrap_material() {
  openssl pkeyutl -encrypt -in PlaintextKeyMaterial.bin -out EncryptedKeyMaterial.bin \
    -inkey WrappingPublicKey.bin -keyform DER -pubin \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
}
import_material() {
  kms import-key-material --key-id "$key_id" --encrypted-key-material fileb://EncryptedKeyMaterial.bin \
    --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE --query KeyMaterialId
}
# Decrypts file $1 without naming the key, checks the plaintext equals plaintext.txt, prints the ARN of the key that decrypted.
decrypt_check() {
  local out key plaintext
  out=$(kms decrypt --ciphertext-blob "fileb://$1" --query '[KeyId,Plaintext]')
  read -r key plaintext <<<"$out"
  printf '%s' "$plaintext" | base64 -d >decrypted.txt
  cmp -s plaintext.txt decrypted.txt || fail "$1 does not decrypt to the plaintext"
  printf '%s' "$key"
}

step "create an EXTERNAL key and an alias"
created=$(kms create-key --origin EXTERNAL --description "BYOK tutorial key" --query 'KeyMetadata.[KeyId,Arn,KeyState]')
read -r key_id key_arn key_state <<<"$created"
[[ $key_id =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] || fail "create-key returned key id '$key_id'"
expect_eq "$key_state" PendingImport "state after create-key"
alias_name="alias/byok-tutorial-$RANDOM"
kms create-alias --alias-name "$alias_name" --target-key-id "$key_id"

step "get the wrapping public key and import token (RSAES_OAEP_SHA_256, RSA_2048)"
get_parameters

step "generate 32 bytes of key material and wrap them with openssl"
openssl rand -out PlaintextKeyMaterial.bin 32
wrap_material
expect_eq "$(wc -c <EncryptedKeyMaterial.bin | tr -d ' ')" 256 "size of the wrapped material"

step "import the key material (does not expire)"
material_id=$(import_material)
[[ $material_id =~ ^[0-9a-f]{64}$ ]] || fail "import-key-material returned KeyMaterialId '$material_id'"
expect_eq "$(key_fields KeyState,ExpirationModel,CurrentKeyMaterialId)" "$(printf 'Enabled\tKEY_MATERIAL_DOES_NOT_EXPIRE\t%s' "$material_id")" \
  "state, expiration model and current key material after import"

step "encrypt by alias, decrypt without naming the key"
printf 'Hello from the BYOK tutorial' >plaintext.txt
kms encrypt --key-id "$alias_name" --plaintext fileb://plaintext.txt --query CiphertextBlob | base64 -d >ciphertext.bin
expect_eq "$(decrypt_check ciphertext.bin)" "$key_arn" "key that decrypted"

step "delete the imported key material"
kms delete-imported-key-material --key-id "$key_id" >/dev/null
expect_eq "$(key_fields KeyState,ExpirationModel,CurrentKeyMaterialId)" "$(printf 'PendingImport\tNone\t%s' "$material_id")" \
  "state after delete-imported-key-material (no expiration model, current key material kept)"

step "decrypt now fails: the key is pending import"
expect_error KMSInvalidStateException "$key_arn is pending import." decrypt --ciphertext-blob fileb://ciphertext.bin

step "other material is refused; the same material, with new parameters, brings the key back"
get_parameters
openssl rand -out OtherKeyMaterial.bin 32
openssl pkeyutl -encrypt -in OtherKeyMaterial.bin -out OtherEncryptedKeyMaterial.bin -inkey WrappingPublicKey.bin -keyform DER -pubin \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
expect_error IncorrectKeyMaterialException "" import-key-material --key-id "$key_id" \
  --encrypted-key-material fileb://OtherEncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE
wrap_material
expect_eq "$(import_material)" "$material_id" "KeyMaterialId of the reimported material"
decrypt_check ciphertext.bin >/dev/null   # the key is Enabled again and the old ciphertext decrypts

step "generate a data key and decrypt its encrypted copy"
kms generate-data-key --key-id "$alias_name" --key-spec AES_256 --query '[Plaintext,CiphertextBlob]' >datakey.txt
read -r data_key encrypted_data_key <datakey.txt
expect_eq "$(printf '%s' "$data_key" | base64 -d | wc -c | tr -d ' ')" 32 "data key size"
printf '%s' "$encrypted_data_key" | base64 -d >datakey.bin
expect_eq "$(kms decrypt --ciphertext-blob fileb://datakey.bin --query Plaintext)" "$data_key" "decrypted data key"

step "re-encrypt the ciphertext under another key"
created=$(kms create-key --description "BYOK tutorial: re-encryption target" --query 'KeyMetadata.[KeyId,Arn]')
read -r other_key_id other_key_arn <<<"$created"
kms re-encrypt --ciphertext-blob fileb://ciphertext.bin --destination-key-id "$other_key_id" --query CiphertextBlob | base64 -d >reencrypted.bin
expect_eq "$(decrypt_check reencrypted.bin)" "$other_key_arn" "key of the re-encrypted ciphertext"

step "schedule the key for deletion, then cancel"
expect_eq "$(kms schedule-key-deletion --key-id "$key_id" --pending-window-in-days 7 --query KeyState)" PendingDeletion "schedule-key-deletion"
expect_error KMSInvalidStateException "$key_arn is pending deletion." decrypt --ciphertext-blob fileb://ciphertext.bin
expect_eq "$(kms cancel-key-deletion --key-id "$key_id" --query KeyId)" "$key_arn" "cancel-key-deletion"
expect_eq "$(key_fields KeyState)" Disabled "state after cancel-key-deletion"

step "all steps passed"
