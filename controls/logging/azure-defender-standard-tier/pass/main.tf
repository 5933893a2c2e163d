resource "azurerm_security_center_subscription_pricing" "apis" {
  tier          = "Standard"
  resource_type = "Api"
  subplan       = "P1"
}

resource "azurerm_security_center_subscription_pricing" "key_vaults" {
  tier          = "Standard"
  resource_type = "KeyVaults"
}
