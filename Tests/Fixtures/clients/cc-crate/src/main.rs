// No standard library exists for the target here, so the crate brings the three lang items it needs. The exit
// code comes from the C code that cc-rs and cmake-rs built.
#![feature(no_core, lang_items)]
#![allow(internal_features)]
#![no_core]
#![no_main]
#![windows_subsystem = "console"]

#[lang = "pointee_sized"]
pub trait PointeeSized {}
#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}
#[lang = "sized"]
pub trait Sized: MetaSized {}

#[link(name = "kernel32")]
extern "system" {
    fn ExitProcess(code: u32) -> !;
}

extern "C" {
    fn xenv_client_exit_code() -> u32;
}

#[no_mangle]
pub extern "C" fn mainCRTStartup() -> ! {
    unsafe { ExitProcess(xenv_client_exit_code()) }
}
